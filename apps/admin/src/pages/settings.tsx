import { useState } from 'react';
import { useOutletContext } from 'react-router';
import type { TUser } from '@tk/sdk';
import { LoadError } from '../components/ui';
import { fieldErrors } from '../lib/forms';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

const NAMES = { stripe: 'Stripe (cards, 3-D Secure)', payhere: 'PayHere (Sri Lanka)', sandbox: 'Sandbox (test payments)' } as const;

/**
 * Admins only: how payments are set up. Keys live in the server's environment, never in the
 * database or this screen (see docs/payments.md); this shows what is in force and where each
 * gateway must send its webhooks, and settles stragglers on demand.
 */
export function SettingsPage() {
  const me = useOutletContext<TUser>();
  const settings = useLoad(() => (me.role === 'admin' ? api.paymentSettings() : Promise.resolve(null)), [me.role]);
  const [message, setMessage] = useState('');
  if (me.role !== 'admin') return <p role="alert">Only admins see the payment settings.</p>;
  const s = settings.data;

  async function reconcile() {
    try {
      const r = await api.reconcilePayments();
      setMessage(`Checked ${r.checked} unsettled ${r.checked === 1 ? 'payment' : 'payments'}, settled ${r.settled}, resent ${r.refundsRetried} ${r.refundsRetried === 1 ? 'refund' : 'refunds'}.`);
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'Refused.');
    }
  }

  return (
    <>
      <h1>Payment settings</h1>
      <LoadError error={settings.error} />
      {s && (
        <>
          <h2>Gateways</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Gateway</th>
                <th scope="col">Keys</th>
                <th scope="col">Webhook address to register</th>
              </tr>
            </thead>
            <tbody>
              {s.gateways.map((g) => (
                <tr key={g.name}>
                  <td>{NAMES[g.name]}</td>
                  <td>{g.configured ? <span className={`badge ${g.mode === 'live' ? 'paid' : 'draft'}`}>{g.mode === 'live' ? 'Live' : 'Test'}</span> : <span className="muted">Not set up</span>}</td>
                  <td>{g.name === 'sandbox' ? <span className="muted">built in</span> : <code>{g.webhookUrl}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Who takes which currency</h2>
          <p>
            Routing rule <code>{s.routes}</code>: the first match wins, and a gateway without keys is skipped.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Shoppers are offered</th>
              </tr>
            </thead>
            <tbody>
              {s.currencies.map((c) => (
                <tr key={c.currency}>
                  <td>{c.currency}</td>
                  <td>{c.gateways.length ? c.gateways.map((g) => NAMES[g as keyof typeof NAMES] ?? g).join(', then ') : <span className="error">Nothing: orders in {c.currency} cannot be paid</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            To change a key or the routing, set STRIPE_*, PAYHERE_* or PAYMENT_GATEWAY_ROUTES in the server's environment and restart it; secrets never pass through this dashboard.
          </p>
        </>
      )}
      <h2>Reconciliation</h2>
      <p>Payments the gateways have not reported on are checked automatically; you can check now.</p>
      <button type="button" onClick={reconcile}>
        Check unsettled payments now
      </button>
      {message && <p role="status">{message}</p>}
    </>
  );
}

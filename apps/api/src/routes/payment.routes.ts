import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { CURRENCIES, routes } from '@tk/contract';
import { AppError, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;
const HOSTED_CHECKOUT_SECONDS = 3600;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Paying orders, gateway webhooks, saved cards, refunds and the sandbox gateway's pages. */
export function paymentRoutes(platform: Platform): Router {
  const router = Router();
  const { payments } = platform;

  bindRoute(router, platform, routes.paymentOptions, ({ params, user }) => payments.options(params.id, user));
  bindRoute(router, platform, routes.startPayment, async ({ params, body, user }) => {
    const payment = await payments.start(params.id, user, body);
    // Apps cannot post a form into the system browser: they open the hosted-checkout page below.
    if (payment.nextAction.type === 'redirect_form') {
      // Best effort: with Redis away the website's own form still works; only the app's launcher page is missing.
      await platform.kv.set(`hosted-checkout:${payment.id}`, JSON.stringify(payment.nextAction), HOSTED_CHECKOUT_SECONDS).catch(() => undefined);
    }
    return payment;
  });

  /**
   * For the mobile app: a page that posts a PayHere payment's signed fields to PayHere's hosted
   * checkout, opened in the system browser. The fields carry no secret (browsers post them anyway)
   * and the payment id is an unguessable UUID, as a guest's cart id is; the page lives an hour and
   * posts only to the configured PayHere address. Plain HTML, outside the JSON contract.
   */
  router.get('/v1/payments/:id/hosted-checkout', async (req, res) => {
    const id = req.params.id;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found', 'No hosted checkout for this payment');
    const stored = await platform.kv.get(`hosted-checkout:${id}`);
    if (!stored) throw new AppError('not_found', 'No hosted checkout for this payment (it expired after an hour, or the payment is not a PayHere one)');
    const action = JSON.parse(stored) as { url: string; fields: Record<string, string> };
    const target = new URL(action.url);
    if (target.origin !== new URL(platform.config.PAYHERE_BASE_URL).origin) throw new AppError('not_found', 'No hosted checkout for this payment');
    const nonce = randomBytes(16).toString('base64');
    const inputs = Object.entries(action.fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    res.setHeader('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action ${target.origin}; base-uri 'none'; frame-ancestors 'none'`);
    res.setHeader('cache-control', 'no-store');
    res.type('html').send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Paying with PayHere</title>` +
        `<style nonce="${nonce}">body{font-family:system-ui,sans-serif;margin:2rem;text-align:center}button{font-size:1.1rem;padding:.7rem 1.4rem}</style></head>` +
        `<body><p>Taking you to PayHere to pay securely…</p><form id="pay" method="POST" action="${escapeHtml(target.toString())}">${inputs}<button type="submit">Continue to PayHere</button></form>` +
        `<script nonce="${nonce}">document.getElementById('pay').submit();</script></body></html>`,
    );
  });
  bindRoute(router, platform, routes.listSavedCards, ({ user }) => payments.listCards(user!));
  bindRoute(router, platform, routes.deleteSavedCard, ({ params, user }) => payments.deleteCard(user!, params.id));

  // The raw body arrives as a Buffer (see app.ts): signatures are computed over the exact bytes.
  bindRoute(router, platform, routes.paymentWebhook, async ({ params, req }) => {
    if (!Buffer.isBuffer(req.body)) throw new AppError('webhook_signature_invalid', 'Send the gateway event as the request body');
    return payments.handleWebhook(params.gateway, { rawBody: req.body, headers: req.headers });
  });

  bindRoute(router, platform, routes.sandboxConfirm, ({ params, body }) => sandbox(platform).confirm(params.reference, body.outcome, body.webhook));
  bindRoute(router, platform, routes.sandboxChallenge, ({ params, body }) => sandbox(platform).challenge(params.reference, body.result));

  bindRoute(router, platform, routes.refundOrder, ({ params, body, user, req }) => {
    const key = req.get('idempotency-key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError('validation_failed', 'Send an Idempotency-Key header (8–200 letters, digits, _ . : -) so a retry cannot refund twice', {
        fields: [{ field: 'header.idempotency-key', message: key ? 'malformed' : 'required', code: key ? 'invalid' : 'required' }],
      });
    }
    return payments.refund(params.id, body, user!, key);
  });
  bindRoute(router, platform, routes.retryRefund, ({ params, user }) => payments.retryRefund(params.id, user!));
  bindRoute(router, platform, routes.reconcilePayments, () => payments.reconcile());
  bindRoute(router, platform, routes.paymentSettings, async () => {
    const { config } = platform;
    const webhookUrl = (gateway: string) => new URL(`/v1/webhooks/${gateway}`, config.API_PUBLIC_URL).toString();
    return {
      routes: config.PAYMENT_GATEWAY_ROUTES.map((r) => `${r.currency}:${r.gateway}`).join(','),
      sandboxEnabled: Boolean(platform.sandboxGateway),
      currencies: CURRENCIES.map((currency) => ({ currency, gateways: payments.gatewaysFor(currency) })),
      gateways: [
        { name: 'stripe' as const, configured: Boolean(config.STRIPE_SECRET_KEY), mode: config.STRIPE_SECRET_KEY ? (/_live_/.test(config.STRIPE_SECRET_KEY) ? ('live' as const) : ('test' as const)) : null, webhookUrl: webhookUrl('stripe') },
        { name: 'payhere' as const, configured: Boolean(config.PAYHERE_MERCHANT_ID), mode: config.PAYHERE_MERCHANT_ID ? (new URL(config.PAYHERE_BASE_URL).hostname === 'www.payhere.lk' ? ('live' as const) : ('test' as const)) : null, webhookUrl: webhookUrl('payhere') },
        { name: 'sandbox' as const, configured: Boolean(platform.sandboxGateway), mode: platform.sandboxGateway ? ('test' as const) : null, webhookUrl: webhookUrl('sandbox') },
      ],
    };
  });
  return router;
}

function sandbox(platform: Platform) {
  if (!platform.sandboxGateway) throw new AppError('forbidden', 'The sandbox gateway is switched off (SANDBOX_PAYMENTS)');
  return platform.sandboxGateway;
}

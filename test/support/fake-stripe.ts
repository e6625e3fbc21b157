import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A local stand-in for api.stripe.com, for the Stripe adapter's outbound calls. It answers the
 * endpoints we use with the object shapes of Stripe's published OpenAPI fixtures (payment_intent,
 * payment_method, refund, customer, list, and the error envelope), keeps Stripe's idempotency
 * rule (a repeated Idempotency-Key replays the first answer), and can be told to fail the next
 * requests with 500 so retries can be observed. Test card payment methods behave as Stripe's
 * documented test cards do: pm_card_visa pays, pm_card_threeDSecure2Required asks for 3DS,
 * pm_card_chargeDeclined is declined.
 *
 * Control endpoints (for tests in other processes): POST /__fake/fail-next {count},
 * POST /__fake/refuse-refunds {count}, GET /__fake/requests, POST /__fake/reset-log.
 */
export interface FakeStripe {
  url: string;
  requests: RecordedRequest[];
  failNext(count: number): void;
  stop(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
  status: number;
}

const CARDS: Record<string, { brand: string; last4: string; behaviour: 'pay' | '3ds' | 'decline' }> = {
  pm_card_visa: { brand: 'visa', last4: '4242', behaviour: 'pay' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', behaviour: 'pay' },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3155', behaviour: '3ds' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', behaviour: 'decline' },
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (a[b][c]=v) back into objects. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out as Record<string, unknown>;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const intents = new Map<string, Record<string, any>>();
  const methods = new Map<string, Record<string, any>>();
  const refunds: Record<string, any>[] = [];
  const replies = new Map<string, { status: number; body: unknown }>();
  const requests: RecordedRequest[] = [];
  let failures = 0;
  let refusedRefunds = 0;

  const paymentMethod = (pmId: string) => {
    let pm = methods.get(pmId);
    const card = CARDS[pmId] ?? CARDS.pm_card_visa!;
    if (!pm) {
      pm = {
        id: pmId,
        object: 'payment_method',
        type: 'card',
        created: now(),
        customer: null,
        livemode: false,
        metadata: {},
        billing_details: { address: null, email: null, name: null, phone: null },
        card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034, country: 'US', funding: 'credit', fingerprint: 'fp_fake' },
      };
      methods.set(pmId, pm);
    }
    return pm;
  };

  /** Confirms an intent with a payment method: pays, asks for 3DS, or declines (402 card_error). */
  const confirm = (pi: Record<string, any>, pmId: string): { status: number; body: unknown } => {
    const card = CARDS[pmId] ?? CARDS.pm_card_visa!;
    pi.payment_method = pmId;
    const pm = paymentMethod(pmId);
    if (pi.setup_future_usage && pi.customer) pm.customer = pi.customer;
    if (card.behaviour === 'decline') {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        payment_method: pm,
      };
      return {
        status: 402,
        body: { error: { ...pi.last_payment_error, charge: id('ch'), payment_intent: pi, payment_method: pm, request_log_url: 'https://dashboard.stripe.com/test/logs/req_fake' } },
      };
    }
    if (card.behaviour === '3ds' && !pi.three_d_secure_passed) {
      pi.status = 'requires_action';
      pi.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: 'https://hooks.stripe.com/redirect/authenticate/src_fake', source: id('src') },
      };
      return { status: 200, body: pi };
    }
    pi.status = 'succeeded';
    pi.next_action = null;
    pi.last_payment_error = null;
    pi.amount_received = pi.amount;
    pi.latest_charge = id('ch');
    return { status: 200, body: pi };
  };

  const route = (method: string, path: string, body: Record<string, any>, query: URLSearchParams): { status: number; body: unknown } => {
    const notFound = { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: ${path}` } } };
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/payment_intents') {
      const pi: Record<string, any> = {
        id: id('pi'),
        object: 'payment_intent',
        amount: Number(body.amount),
        amount_capturable: 0,
        amount_received: 0,
        automatic_payment_methods: body.automatic_payment_methods ? { enabled: true, allow_redirects: body.automatic_payment_methods.allow_redirects ?? 'always' } : null,
        canceled_at: null,
        cancellation_reason: null,
        capture_method: 'automatic',
        client_secret: '',
        confirmation_method: 'automatic',
        created: now(),
        currency: String(body.currency),
        customer: body.customer ?? null,
        description: body.description ?? null,
        last_payment_error: null,
        latest_charge: null,
        livemode: false,
        metadata: body.metadata ?? {},
        next_action: null,
        payment_method: null,
        payment_method_types: ['card'],
        receipt_email: body.receipt_email ?? null,
        setup_future_usage: body.setup_future_usage ?? null,
        status: 'requires_payment_method',
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
      intents.set(pi.id, pi);
      if (body.confirm === 'true' && body.payment_method) return confirm(pi, String(body.payment_method));
      return { status: 200, body: pi };
    }
    if ((m = path.match(/^\/v1\/payment_intents\/(pi_\w+)$/)) && method === 'GET') {
      const pi = intents.get(m[1]!);
      return pi ? { status: 200, body: pi } : notFound;
    }
    if ((m = path.match(/^\/v1\/payment_intents\/(pi_\w+)\/confirm$/)) && method === 'POST') {
      const pi = intents.get(m[1]!);
      if (!pi) return notFound;
      // The test's stand-in for Stripe.js finishing a 3DS challenge successfully.
      if (body.three_d_secure === 'passed') pi.three_d_secure_passed = true;
      return confirm(pi, String(body.payment_method ?? pi.payment_method ?? 'pm_card_visa'));
    }
    if ((m = path.match(/^\/v1\/payment_methods\/(pm_\w+)$/)) && method === 'GET') return { status: 200, body: paymentMethod(m[1]!) };
    if ((m = path.match(/^\/v1\/payment_methods\/(pm_\w+)\/detach$/)) && method === 'POST') {
      const pm = paymentMethod(m[1]!);
      pm.customer = null;
      return { status: 200, body: pm };
    }
    if (method === 'POST' && path === '/v1/customers') {
      return { status: 200, body: { id: id('cus'), object: 'customer', created: now(), email: body.email ?? null, livemode: false, metadata: body.metadata ?? {} } };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = intents.get(String(body.payment_intent));
      if (!pi) return notFound;
      if (refusedRefunds > 0) {
        refusedRefunds--;
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'charge_disputed', message: 'This charge is disputed and cannot be refunded (injected by the fake).' } } };
      }
      const done = refunds.filter((r) => r.payment_intent === pi.id).reduce((s, r) => s + r.amount, 0);
      const amount = body.amount ? Number(body.amount) : pi.amount_received - done;
      if (pi.status !== 'succeeded' || amount <= 0 || done + amount > pi.amount_received) {
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Refund amount exceeds the amount left to refund.' } } };
      }
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        balance_transaction: id('txn'),
        charge: pi.latest_charge,
        created: now(),
        currency: pi.currency,
        metadata: body.metadata ?? {},
        payment_intent: pi.id,
        reason: body.reason ?? null,
        receipt_number: null,
        status: 'succeeded',
      };
      refunds.push(refund);
      return { status: 200, body: refund };
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const data = refunds.filter((r) => !query.get('payment_intent') || r.payment_intent === query.get('payment_intent'));
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/refunds' } };
    }
    return notFound;
  };

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/__fake/')) {
      if (url.pathname === '/__fake/fail-next') failures = Number(JSON.parse(text || '{}').count ?? 1);
      if (url.pathname === '/__fake/reset-log') requests.length = 0;
      if (url.pathname === '/__fake/refuse-refunds') refusedRefunds = Number(JSON.parse(text || '{}').count ?? 1);
      return send(200, { requests });
    }
    if (req.headers.authorization !== 'Bearer sk_test_fake' && !String(req.headers.authorization).startsWith('Bearer sk_test_')) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const body = req.method === 'POST' ? parseForm(text) : {};
    const key = req.headers['idempotency-key'] as string | undefined;
    const record = (status: number) => requests.push({ method: req.method!, path: url.pathname, idempotencyKey: key, body, status });
    if (req.method === 'POST' && failures > 0) {
      failures--;
      record(500);
      return send(500, { error: { type: 'api_error', message: 'An unknown error occurred (injected by the fake).' } });
    }
    const replayKey = key ? `${url.pathname}:${key}` : undefined;
    const replay = replayKey ? replies.get(replayKey) : undefined;
    if (replay) {
      record(replay.status);
      res.setHeader('idempotent-replayed', 'true');
      return send(replay.status, replay.body);
    }
    const reply = route(req.method!, url.pathname, body, url.searchParams);
    const frozen = { status: reply.status, body: JSON.parse(JSON.stringify(reply.body)) };
    if (replayKey && req.method === 'POST') replies.set(replayKey, frozen);
    record(reply.status);
    send(frozen.status, frozen.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count) => {
      failures = count;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

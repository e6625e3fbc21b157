import { createHash, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * A local stand-in for PayHere that speaks its documented protocol: the hosted checkout and
 * preapproval pages (which check the form's hash), the server-to-server notification signed with
 * md5sig, and the Merchant API (OAuth client credentials, Retrieval, Refund and Charging).
 *
 * A test plays the customer on the hosted page with POST /__fake/pay {fields, outcome}: the fake
 * checks the hash like PayHere would and then notifies `notify_url` as PayHere does.
 */
export interface FakePayHere {
  url: string;
  merchantId: string;
  merchantSecret: string;
  appId: string;
  appSecret: string;
  stop(): Promise<void>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex').toUpperCase();

export async function startFakePayHere(): Promise<FakePayHere> {
  const merchantId = '1211149';
  const merchantSecret = 'fake-merchant-secret-8xq2';
  const appId = '4OVx3XiIyIh4JFnJpJ7pMN3Ey';
  const appSecret = '4TiSYdyBkP54Gm2Bnz4l4i8Gz6j8M9PxJ4LJW5nmcwBP';
  const tokens = new Set<string>();
  const payments: { payment_id: number; order_id: string; status: string; currency: string; amount: number; refunded: number; card_no: string }[] = [];
  const cards = new Map<string, string>(); // customer_token → masked card

  const notify = async (notifyUrl: string, fields: Record<string, string>) => {
    const res = await fetch(notifyUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return res.status;
  };
  const sign = (orderId: string, amount: string, currency: string, status: string) =>
    md5(merchantId + orderId + amount + currency + status + md5(merchantSecret));

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const bearer = () => tokens.has(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));

    if (url.pathname === '/__fake/pay') {
      // The customer on the hosted page.
      const { fields, outcome, notifyTo } = JSON.parse(text) as { fields: Record<string, string>; outcome: 'success' | 'failed' | 'canceled'; notifyTo?: string };
      if (fields.merchant_id !== merchantId || fields.hash !== md5(merchantId + fields.order_id + fields.amount + fields.currency + md5(merchantSecret))) {
        return send(400, { error: 'Unauthorized payment request: the hash does not match' });
      }
      const status = outcome === 'success' ? '2' : outcome === 'failed' ? '-2' : '-1';
      const paymentId = randomInt(100_000_000, 999_999_999);
      const preapprove = url.searchParams.get('page') === 'preapprove';
      if (status === '2') payments.push({ payment_id: paymentId, order_id: fields.order_id!, status: 'RECEIVED', currency: fields.currency!, amount: Number(fields.amount), refunded: 0, card_no: '************1292' });
      const notice: Record<string, string> = {
        merchant_id: merchantId,
        order_id: fields.order_id!,
        payment_id: String(paymentId),
        payhere_amount: fields.amount!,
        payhere_currency: fields.currency!,
        status_code: status,
        md5sig: sign(fields.order_id!, fields.amount!, fields.currency!, status),
        custom_1: fields.custom_1 ?? '',
        custom_2: fields.custom_2 ?? '',
        status_message: status === '2' ? 'Successfully completed the payment.' : 'Payment declined',
        method: 'VISA',
        card_holder_name: 'K Perera',
        card_no: '************1292',
        card_expiry: '12/29',
        recurring: '0',
      };
      if (preapprove && status === '2') {
        // Preapproval tokenises the card; nothing is charged yet.
        payments.pop();
        const token = `TOKEN${randomInt(1e9, 9e9)}`;
        cards.set(token, '************1292');
        notice.customer_token = token;
      }
      return send(200, { notified: await notify(notifyTo ?? fields.notify_url!, notice), notice });
    }

    if (url.pathname === '/merchant/v1/oauth/token' && req.method === 'POST') {
      const expected = `Basic ${Buffer.from(`${appId}:${appSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected || !text.includes('grant_type=client_credentials')) return send(401, { error: 'invalid_client' });
      const token = `tok-${randomInt(1e9, 9e9)}`;
      tokens.add(token);
      return send(200, { access_token: token, token_type: 'bearer', expires_in: 599, scope: 'SANDBOX' });
    }
    if (url.pathname.startsWith('/merchant/v1/') && !bearer()) {
      return send(401, { error: 'invalid_token', error_description: 'Invalid access token' });
    }
    if (url.pathname === '/merchant/v1/payment/search') {
      const found = payments.filter((p) => p.order_id === url.searchParams.get('order_id'));
      if (!found.length) return send(200, { status: -1, msg: 'No payments found', data: null });
      return send(200, {
        status: 1,
        msg: `Payments with order_id:${url.searchParams.get('order_id')}`,
        data: found.map((p) => ({
          payment_id: p.payment_id,
          order_id: p.order_id,
          date: '2026-11-26 10:00:00',
          description: 'Order',
          status: p.status,
          currency: p.currency,
          amount: p.amount,
          customer: { fist_name: 'K', last_name: 'Perera', email: 'k@example.com', phone: '', delivery_details: { address: '', city: '', country: '' } },
          amount_detail: { currency: p.currency, gross: p.amount, fee: 0, net: p.amount, exchange_rate: 1, exchange_from: p.currency, exchange_to: p.currency },
          payment_method: { method: 'VISA', card_customer_name: 'K Perera', card_no: p.card_no },
          items: null,
        })),
      });
    }
    if (url.pathname === '/merchant/v1/payment/refund' && req.method === 'POST') {
      const body = JSON.parse(text) as { payment_id: string; description: string; amount?: string };
      const payment = payments.find((p) => String(p.payment_id) === String(body.payment_id));
      const amount = body.amount ? Number(body.amount) : payment ? payment.amount - payment.refunded : 0;
      if (!payment || amount <= 0 || payment.refunded + amount > payment.amount + 1e-9) return send(200, { status: -1, msg: 'Error processing refund', data: null });
      payment.refunded += amount;
      payment.status = payment.refunded >= payment.amount ? 'REFUNDED' : 'RECEIVED';
      return send(200, { status: 1, msg: 'Successfully processed the refund', data: randomInt(1e11, 9e11) });
    }
    if (url.pathname === '/merchant/v1/payment/charge' && req.method === 'POST') {
      const body = JSON.parse(text) as { order_id: string; currency: string; amount: number; customer_token: string };
      if (!cards.has(body.customer_token)) return send(200, { status: -1, msg: 'Invalid token', data: null });
      const paymentId = randomInt(100_000_000, 999_999_999);
      payments.push({ payment_id: paymentId, order_id: body.order_id, status: 'RECEIVED', currency: body.currency, amount: body.amount, refunded: 0, card_no: cards.get(body.customer_token)! });
      const amount = body.amount.toFixed(2);
      return send(200, {
        status: 1,
        msg: 'Automatic payment charged successfully',
        data: { order_id: body.order_id, items: 'Order', currency: body.currency, amount: body.amount, custom_1: null, custom_2: null, payment_id: paymentId, status_code: 2, status_message: 'Successfully completed the payment.', md5sig: sign(body.order_id, amount, body.currency, '2'), authorization_token: null },
      });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, merchantId, merchantSecret, appId, appSecret, stop: () => new Promise((r) => server.close(() => r())) };
}

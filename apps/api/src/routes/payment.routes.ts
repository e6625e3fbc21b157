import { Router } from 'express';
import { CURRENCIES, routes } from '@tk/contract';
import { AppError, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

const IDEMPOTENCY_KEY = /^[\w.:-]{8,200}$/;

/** Paying orders, gateway webhooks, saved cards, refunds and the sandbox gateway's pages. */
export function paymentRoutes(platform: Platform): Router {
  const router = Router();
  const { payments } = platform;

  bindRoute(router, platform, routes.paymentOptions, ({ params, user }) => payments.options(params.id, user));
  bindRoute(router, platform, routes.startPayment, ({ params, body, user }) => payments.start(params.id, user, body));
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

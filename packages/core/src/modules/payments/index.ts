/** Payments: one gateway port, its adapters, and the service that turns gateway events into order changes. */
export type { PaymentGateway, PaymentEvent, CreatePaymentInput, CreatedPayment, WebhookRequest, GatewayName } from './gateway.port.js';
export { GatewayRefusal } from './gateway.port.js';
export { PaymentsService } from './payments.service.js';
export { SandboxGateway, type SandboxWebhookBody } from './gateways/sandbox.gateway.js';
export { StripeGateway } from './gateways/stripe.gateway.js';
export { PayHereGateway } from './gateways/payhere.gateway.js';
export { checkoutHash, notifySignature, formatAmount, parseAmount } from './gateways/payhere.hash.js';
export { formatMoney } from './payment-messages.js';

/** Shipping: zones with methods, per-currency rates and the tax that applies there. */
export { ShippingService, type ShippingOption, type Quote, type ZoneInput, type MethodInput } from './shipping.service.js';
export { zoneFor, methodPrice, type Zone, type Method, type Destination } from './shipping.rules.js';

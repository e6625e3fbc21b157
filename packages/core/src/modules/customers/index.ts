/** Customers: accounts, sessions (refresh-token families), password resets, profiles and addresses. */
export { AuthService, type AuthServiceDeps, type AuthSettings } from './auth.service.js';
export { ProfileService } from './profile.service.js';
export type { AccessClaims } from './tokens.js';

export * from './errors.js';
export * from './common.js';
export * from './route.js';
export * from './catalog.js';
export * from './auth.js';
export * from './inventory.js';
export * from './cart.js';
export * from './routes.js';

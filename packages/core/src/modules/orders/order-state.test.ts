import { describe, expect, it } from 'vitest';
import { canTransition, ORDER_STATUSES } from './order-state.js';

describe('order state machine', () => {
  it('follows the happy path and refuses to skip or go back', () => {
    expect(canTransition('pending_payment', 'paid')).toBe(true);
    expect(canTransition('paid', 'fulfilled')).toBe(true);
    expect(canTransition('fulfilled', 'shipped')).toBe(true);
    expect(canTransition('shipped', 'delivered')).toBe(true);
    expect(canTransition('pending_payment', 'shipped')).toBe(false);
    expect(canTransition('paid', 'pending_payment')).toBe(false);
    expect(canTransition('delivered', 'shipped')).toBe(false);
  });

  it('ignores a late payment event once an order is cancelled or already paid', () => {
    expect(canTransition('cancelled', 'paid')).toBe(false);
    expect(canTransition('paid', 'paid')).toBe(false);
    expect(canTransition('paid', 'payment_failed')).toBe(false);
  });

  it('has final states with no way out', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('cancelled', to)).toBe(false);
      expect(canTransition('refunded', to)).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { type Method, methodPrice, type Zone, zoneFor } from './shipping.rules.js';

const tax = { name: '', rateBasisPoints: 0, inclusive: false };
const zones: Zone[] = [
  { id: 'world', name: 'Rest of world', countries: ['*'], regions: [], tax },
  { id: 'lk', name: 'Sri Lanka', countries: ['LK'], regions: [], tax },
  { id: 'colombo', name: 'Colombo', countries: ['LK'], regions: ['Western'], tax },
];

describe('zoneFor', () => {
  it('prefers the region, then the country, then the rest of the world', () => {
    expect(zoneFor(zones, { country: 'lk', region: 'western' })?.id).toBe('colombo');
    expect(zoneFor(zones, { country: 'LK', region: 'Central' })?.id).toBe('lk');
    expect(zoneFor(zones, { country: 'DE' })?.id).toBe('world');
    expect(zoneFor(zones.slice(1), { country: 'DE' })).toBeUndefined();
  });
});

describe('methodPrice', () => {
  const flat: Method = { id: 'm', zoneId: 'lk', name: 'Standard', kind: 'flat', rates: [{ currency: 'LKR', amount: 45_000, perKgAmount: 0, freeOverAmount: 1_500_000 }] };
  const weight: Method = { id: 'w', zoneId: 'world', name: 'Air', kind: 'weight', rates: [{ currency: 'USD', amount: 1_000, perKgAmount: 500, freeOverAmount: null }] };
  it('charges flat, free over a threshold, per started kilo, and nothing in a currency it lacks', () => {
    expect(methodPrice(flat, 'LKR', 100_000, 500)).toBe(45_000);
    expect(methodPrice(flat, 'LKR', 1_500_000, 500)).toBe(0);
    expect(methodPrice(flat, 'USD', 100, 500)).toBeUndefined();
    expect(methodPrice(weight, 'USD', 5_000, 1)).toBe(1_500);
    expect(methodPrice(weight, 'USD', 5_000, 2_001)).toBe(2_500);
  });
});

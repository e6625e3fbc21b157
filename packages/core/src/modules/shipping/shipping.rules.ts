/**
 * Pure shipping rules: which zone an address falls in, and what a method costs for a cart.
 * Kept free of I/O so they are easy to test and to reuse at checkout.
 */
export interface Zone {
  id: string;
  name: string;
  countries: string[];
  regions: string[];
  tax: { name: string; rateBasisPoints: number; inclusive: boolean };
}

export interface MethodRate {
  currency: string;
  amount: number;
  perKgAmount: number;
  freeOverAmount: number | null;
}

export interface Method {
  id: string;
  zoneId: string;
  name: string;
  kind: 'flat' | 'weight';
  rates: MethodRate[];
}

export interface Destination {
  country: string;
  region?: string;
}

/**
 * The zone for an address: one that names the country and the region beats one that names the
 * whole country, which beats the rest-of-world zone ('*').
 */
export function zoneFor(zones: Zone[], destination: Destination): Zone | undefined {
  const country = destination.country.toUpperCase();
  const region = destination.region?.trim().toLowerCase() ?? '';
  const score = (z: Zone) => {
    if (z.countries.includes(country)) {
      if (!z.regions.length) return 2;
      return z.regions.some((r) => r.toLowerCase() === region) ? 3 : 0;
    }
    return z.countries.includes('*') ? 1 : 0;
  };
  return zones
    .map((z) => ({ z, s: score(z) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)[0]?.z;
}

/**
 * What a method costs for goods worth `goodsAmount` weighing `weightGrams`, in one currency;
 * undefined when the method has no rate in that currency. Weight rates charge per started kilo.
 */
export function methodPrice(method: Method, currency: string, goodsAmount: number, weightGrams: number): number | undefined {
  const rate = method.rates.find((r) => r.currency === currency);
  if (!rate) return undefined;
  if (rate.freeOverAmount !== null && goodsAmount >= rate.freeOverAmount) return 0;
  if (method.kind === 'flat') return rate.amount;
  return rate.amount + rate.perKgAmount * Math.ceil(Math.max(0, weightGrams) / 1000);
}

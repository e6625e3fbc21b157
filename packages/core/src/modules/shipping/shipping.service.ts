import type { Database, Queryable } from '../../platform/database.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { type Destination, type Method, methodPrice, type Zone, zoneFor } from './shipping.rules.js';

export interface ShippingOption {
  id: string;
  name: string;
  amount: number;
}

export interface Quote {
  zone: Zone;
  options: ShippingOption[];
}

export interface ZoneInput {
  name: string;
  countries: string[];
  regions: string[];
  tax?: { name: string; rateBasisPoints: number; inclusive: boolean };
}

export interface MethodInput {
  name: string;
  kind: 'flat' | 'weight';
  rates: { currency: string; amount: number; perKgAmount?: number; freeOverAmount?: number | null }[];
}

/** Shipping zones, their methods and rates, and their tax; staff manage them, carts are quoted from them. */
export class ShippingService {
  /**
   * Zones change a few times a year and are read on every cart view, so each process keeps them
   * for a few seconds; its own writes clear the copy at once, other API copies see them within
   * `cacheMs`.
   */
  private cached: { at: number; zones: Promise<(Zone & { methods: Method[] })[]> } | undefined;

  constructor(private readonly deps: { db: Database; cacheMs?: number }) {}

  async zones(): Promise<(Zone & { methods: Method[] })[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > (this.deps.cacheMs ?? 5_000)) {
      const zones = this.loadZones();
      this.cached = { at: now, zones };
      zones.catch(() => (this.cached = undefined));
    }
    return this.cached.zones;
  }

  private async loadZones(db: Queryable = this.deps.db): Promise<(Zone & { methods: Method[] })[]> {
    const [zones, methods] = await Promise.all([
      db.query<{ id: string; name: string; countries: string[]; regions: string[]; tax_name: string; tax_rate_bp: number; tax_inclusive: boolean }>(
        'SELECT id, name, countries, regions, tax_name, tax_rate_bp, tax_inclusive FROM shipping_zones ORDER BY created_at, id',
      ),
      db.query<{ id: string; zone_id: string; name: string; kind: 'flat' | 'weight'; rates: Method['rates'] }>(
        `SELECT m.id, m.zone_id, m.name, m.kind,
                coalesce(json_agg(json_build_object('currency', r.currency, 'amount', r.amount, 'perKgAmount', r.per_kg_amount,
                                  'freeOverAmount', r.free_over_amount) ORDER BY r.currency) FILTER (WHERE r.method_id IS NOT NULL), '[]') AS rates
           FROM shipping_methods m LEFT JOIN shipping_method_rates r ON r.method_id = m.id
          WHERE m.active GROUP BY m.id ORDER BY m.position, m.created_at`,
      ),
    ]);
    return zones.rows.map((z) => ({
      id: z.id,
      name: z.name,
      countries: z.countries,
      regions: z.regions,
      tax: { name: z.tax_name, rateBasisPoints: z.tax_rate_bp, inclusive: z.tax_inclusive },
      methods: methods.rows
        .filter((m) => m.zone_id === z.id)
        .map((m) => ({ id: m.id, zoneId: m.zone_id, name: m.name, kind: m.kind, rates: m.rates.map((r) => ({ ...r, currency: r.currency.trim() })) })),
    }));
  }

  /** The zone for a destination and its methods priced for these goods, cheapest first. */
  async quote(destination: Destination, currency: string, goodsAmount: number, weightGrams: number): Promise<Quote | undefined> {
    const zones = await this.zones();
    const zone = zoneFor(zones, destination);
    if (!zone) return undefined;
    const methods = zones.find((z) => z.id === zone.id)!.methods;
    const options = methods.flatMap((m) => {
      const amount = methodPrice(m, currency, goodsAmount, weightGrams);
      return amount === undefined ? [] : [{ id: m.id, name: m.name, amount }];
    });
    return { zone, options: options.sort((a, b) => a.amount - b.amount) };
  }

  async createZone(input: ZoneInput) {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `INSERT INTO shipping_zones (name, countries, regions, tax_name, tax_rate_bp, tax_inclusive)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        input.name,
        input.countries.map((c) => (c === '*' ? c : c.toUpperCase())),
        input.regions,
        input.tax?.name ?? '',
        input.tax?.rateBasisPoints ?? 0,
        input.tax?.inclusive ?? false,
      ],
    );
    return this.zone(rows[0]!.id);
  }

  async addMethod(zoneId: string, input: MethodInput) {
    const currencies = input.rates.map((r) => r.currency);
    const dup = currencies.find((c, i) => currencies.indexOf(c) !== i);
    if (dup) throw invalidField('body.rates', `currency ${dup} appears twice`, 'duplicate');
    await this.deps.db.transaction(async (tx) => {
      const zone = await tx.query('SELECT 1 FROM shipping_zones WHERE id = $1', [zoneId]);
      if (zone.rowCount === 0) throw notFound('Shipping zone');
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO shipping_methods (zone_id, name, kind, position)
         VALUES ($1, $2, $3, (SELECT count(*) FROM shipping_methods WHERE zone_id = $1)) RETURNING id`,
        [zoneId, input.name, input.kind],
      );
      for (const r of input.rates) {
        await tx.query(
          `INSERT INTO shipping_method_rates (method_id, currency, amount, per_kg_amount, free_over_amount) VALUES ($1, $2, $3, $4, $5)`,
          [rows[0]!.id, r.currency, r.amount, r.perKgAmount ?? 0, r.freeOverAmount ?? null],
        );
      }
    });
    return this.zone(zoneId);
  }

  async updateZone(id: string, input: Partial<ZoneInput>) {
    const { rowCount } = await this.deps.db.query(
      `UPDATE shipping_zones SET name = coalesce($2, name), countries = coalesce($3, countries), regions = coalesce($4, regions),
              tax_name = coalesce($5, tax_name), tax_rate_bp = coalesce($6, tax_rate_bp), tax_inclusive = coalesce($7, tax_inclusive)
        WHERE id = $1`,
      [id, input.name ?? null, input.countries ?? null, input.regions ?? null, input.tax?.name ?? null, input.tax?.rateBasisPoints ?? null, input.tax?.inclusive ?? null],
    );
    if (!rowCount) throw notFound('Shipping zone');
    return this.zone(id);
  }

  /** Methods are retired, not deleted: orders name the method they shipped by. */
  async retireMethod(zoneId: string, methodId: string) {
    const { rowCount } = await this.deps.db.query('UPDATE shipping_methods SET active = false WHERE id = $1 AND zone_id = $2 AND active', [methodId, zoneId]);
    if (!rowCount) throw notFound('Shipping method');
    return this.zone(zoneId);
  }

  private async zone(id: string) {
    this.cached = undefined; // a write just happened
    const zone = (await this.zones()).find((z) => z.id === id);
    if (!zone) throw notFound('Shipping zone');
    return zone;
  }
}

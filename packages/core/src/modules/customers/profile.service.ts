import type { TAddress, TCreateAddressRequest, TUpdateAddressRequest, TUser } from '@tk/contract';
import type { Database } from '../../platform/database.js';
import { notFound } from '../../platform/errors.js';
import { toUser } from './auth.service.js';
import * as repo from './customers.repository.js';

/** The signed-in customer's own record: profile and saved addresses. */
export class ProfileService {
  constructor(private readonly deps: { db: Database }) {}

  async get(userId: string): Promise<TUser> {
    const user = await repo.findUserById(this.deps.db, userId);
    if (!user) throw notFound('User');
    return toUser(user);
  }

  async update(userId: string, changes: { name?: string; phone?: string | null }): Promise<TUser> {
    const user = await repo.updateUser(this.deps.db, userId, changes);
    if (!user) throw notFound('User');
    return toUser(user);
  }

  async listAddresses(userId: string): Promise<TAddress[]> {
    return (await repo.listAddresses(this.deps.db, userId)).map(toAddress);
  }

  async createAddress(userId: string, input: TCreateAddressRequest): Promise<TAddress> {
    return this.deps.db.transaction(async (tx) => {
      const row = await repo.insertAddress(tx, userId, input);
      await this.keepDefaultsUnique(tx, userId, row);
      return toAddress(row);
    });
  }

  async updateAddress(userId: string, id: string, changes: TUpdateAddressRequest): Promise<TAddress> {
    return this.deps.db.transaction(async (tx) => {
      const row = await repo.updateAddress(tx, userId, id, changes);
      if (!row) throw notFound('Address');
      await this.keepDefaultsUnique(tx, userId, row);
      return toAddress(row);
    });
  }

  async deleteAddress(userId: string, id: string): Promise<void> {
    if (!(await repo.deleteAddress(this.deps.db, userId, id))) throw notFound('Address');
  }

  private async keepDefaultsUnique(tx: Parameters<typeof repo.clearOtherDefaults>[0], userId: string, row: repo.AddressRow) {
    if (row.is_default_shipping) await repo.clearOtherDefaults(tx, userId, row.id, 'shipping');
    if (row.is_default_billing) await repo.clearOtherDefaults(tx, userId, row.id, 'billing');
  }
}

function toAddress(r: repo.AddressRow): TAddress {
  return {
    id: r.id,
    label: r.label,
    fullName: r.full_name,
    line1: r.line1,
    line2: r.line2,
    city: r.city,
    region: r.region,
    postalCode: r.postal_code,
    country: r.country.trim(),
    phone: r.phone,
    isDefaultShipping: r.is_default_shipping,
    isDefaultBilling: r.is_default_billing,
  };
}

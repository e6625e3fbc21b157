import { z } from 'zod';
import { ZId, ZTimestamp } from './common.js';

export const ROLES = ['customer', 'staff', 'admin'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

const ZEmail = z.email().max(254).transform((e) => e.trim());
/** Long passphrases welcome; 10 characters is the floor (NIST 800-63B suggests at least 8). */
const ZPassword = z.string().min(10, 'at least 10 characters').max(200);

export const ZUser = z
  .object({
    id: ZId,
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    role: ZRole,
    createdAt: ZTimestamp,
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

export const ZTokens = z
  .object({
    accessToken: z.string(),
    accessTokenExpiresAt: ZTimestamp,
    /** Opaque; spend it once at /v1/auth/refresh. Web keeps it in an httpOnly cookie, mobile in secure storage. */
    refreshToken: z.string(),
    refreshTokenExpiresAt: ZTimestamp,
  })
  .meta({ id: 'Tokens' });
export type TTokens = z.infer<typeof ZTokens>;

export const ZSessionResponse = z.object({ user: ZUser, tokens: ZTokens }).meta({ id: 'Session' });
export type TSessionResponse = z.infer<typeof ZSessionResponse>;

export const ZRegisterRequest = z.strictObject({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().max(100).default(''),
});
export const ZLoginRequest = z.strictObject({ email: ZEmail, password: z.string().min(1).max(200) });
export const ZRefreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(200) });
export const ZLogoutRequest = ZRefreshRequest;
export const ZPasswordResetRequest = z.strictObject({ email: ZEmail });
export const ZPasswordResetAccepted = z.object({ accepted: z.literal(true) });
export const ZPasswordResetConfirmRequest = z.strictObject({ token: z.string().min(1).max(200), password: ZPassword });

export const ZUpdateProfileRequest = z
  .strictObject({
    name: z.string().trim().max(100),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number such as +94 77 123 4567')
      .nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');

export const ZChangePasswordRequest = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword });

const ZCountry = z
  .string()
  .length(2)
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as LK')
  .transform((c) => c.toUpperCase());

const ZAddressFields = {
  label: z.string().trim().max(50),
  fullName: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100),
  postalCode: z.string().trim().max(20),
  country: ZCountry,
  phone: z.string().trim().max(30),
  isDefaultShipping: z.boolean(),
  isDefaultBilling: z.boolean(),
};

export const ZAddress = z
  .object({
    id: ZId,
    label: z.string(),
    fullName: z.string(),
    line1: z.string(),
    line2: z.string(),
    city: z.string(),
    region: z.string(),
    postalCode: z.string(),
    country: z.string(),
    phone: z.string(),
    isDefaultShipping: z.boolean(),
    isDefaultBilling: z.boolean(),
  })
  .meta({ id: 'Address' });
export type TAddress = z.infer<typeof ZAddress>;

export const ZCreateAddressRequest = z.strictObject({
  ...ZAddressFields,
  label: ZAddressFields.label.default(''),
  line2: ZAddressFields.line2.default(''),
  region: ZAddressFields.region.default(''),
  postalCode: ZAddressFields.postalCode.default(''),
  phone: ZAddressFields.phone.default(''),
  isDefaultShipping: z.boolean().default(false),
  isDefaultBilling: z.boolean().default(false),
});
export type TCreateAddressRequest = z.output<typeof ZCreateAddressRequest>;
export const ZUpdateAddressRequest = z
  .strictObject(ZAddressFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');
export type TUpdateAddressRequest = z.output<typeof ZUpdateAddressRequest>;
export const ZAddressIdParams = z.object({ id: ZId });
export const ZAddressList = z.object({ items: z.array(ZAddress) });

export const ZUserIdParams = z.object({ id: ZId });
export const ZSetRoleRequest = z.strictObject({ role: ZRole });

/** Staff: people with accounts, customers or staff, searchable by email or name. */
export const ZAdminUserListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  role: ZRole.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ZAdminUserList = z
  .object({
    items: z.array(
      ZUser.extend({
        /** Orders placed, in any status. */
        orderCount: z.int(),
        lastOrderAt: ZTimestamp.nullable(),
      }),
    ),
    total: z.int(),
  })
  .meta({ id: 'AdminUserList' });
/** Admin: an account for a member of the team, who signs in with this password. */
export const ZCreateStaffRequest = z.strictObject({
  email: ZEmail,
  name: z.string().trim().min(1).max(100),
  password: ZPassword,
  role: z.enum(['staff', 'admin']),
});
export type TAdminUserList = z.infer<typeof ZAdminUserList>;

import { Router } from 'express';
import { routes } from '@tk/contract';
import { AppError, type Platform } from '@tk/core';
import { bindRoute } from '../http/bind-route.js';

/** Sign-up, sign-in, token refresh and password reset; plus the signed-in user's own account. */
export function authRoutes(platform: Platform): Router {
  const router = Router();
  const { auth, profiles } = platform;

  bindRoute(router, platform, routes.register, ({ body, ip }) => auth.register(body, ip));
  bindRoute(router, platform, routes.login, ({ body, ip }) => auth.login(body, ip));
  bindRoute(router, platform, routes.refresh, ({ body }) => auth.refresh(body.refreshToken));
  bindRoute(router, platform, routes.logout, async ({ body }) => {
    await auth.logout(body.refreshToken);
  });
  bindRoute(router, platform, routes.requestPasswordReset, async ({ body, ip }) => {
    await auth.requestPasswordReset(body.email, ip);
    return { accepted: true as const };
  });
  bindRoute(router, platform, routes.confirmPasswordReset, async ({ body, ip }) => {
    await auth.confirmPasswordReset(body.token, body.password, ip);
  });

  bindRoute(router, platform, routes.getMe, ({ user }) => profiles.get(user!.userId));
  bindRoute(router, platform, routes.updateMe, ({ user, body }) => profiles.update(user!.userId, body));
  bindRoute(router, platform, routes.changePassword, async ({ user, body }) => {
    await auth.changePassword(user!, body.currentPassword, body.newPassword);
  });
  bindRoute(router, platform, routes.listAddresses, async ({ user }) => ({ items: await profiles.listAddresses(user!.userId) }));
  bindRoute(router, platform, routes.createAddress, ({ user, body }) => profiles.createAddress(user!.userId, body));
  bindRoute(router, platform, routes.updateAddress, ({ user, params, body }) =>
    profiles.updateAddress(user!.userId, params.id, body),
  );
  bindRoute(router, platform, routes.deleteAddress, async ({ user, params }) => {
    await profiles.deleteAddress(user!.userId, params.id);
  });
  const { wishlists } = platform;
  bindRoute(router, platform, routes.getWishlist, ({ user, query }) => wishlists.list(user!.userId, query.currency));
  bindRoute(router, platform, routes.addToWishlist, ({ user, params, query }) => wishlists.add(user!.userId, params.productId, query.currency));
  bindRoute(router, platform, routes.removeFromWishlist, ({ user, params, query }) =>
    wishlists.remove(user!.userId, params.productId, query.currency),
  );
  bindRoute(router, platform, routes.setUserRole, ({ params, body, user }) => {
    // An admin who demoted themself could leave the shop with no admin at all.
    if (params.id === user!.userId) throw new AppError('conflict', 'You cannot change your own role; ask another admin');
    return auth.setRole(params.id, body.role);
  });
  bindRoute(router, platform, routes.listUsers, ({ query: { limit, offset, ...filter } }) => auth.listUsers(filter, limit, offset));
  bindRoute(router, platform, routes.createStaffUser, ({ body }) => auth.createStaff(body));
  return router;
}

import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { inject, vi } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

export const TEST_ADMIN = { email: 'admin@test.tk', password: 'test-admin-password' };

/**
 * Points the dashboard's session at the run's API and signs in as the demo admin. The session
 * module reads the API address when it loads, so it is imported only after the address is set.
 */
export async function signedInSession() {
  vi.stubEnv('VITE_API_URL', inject('apiUrl'));
  const { session, api } = await import('../src/lib/session');
  if (!(await session.isSignedIn())) await session.signIn(TEST_ADMIN.email, TEST_ADMIN.password);
  return { session, api };
}

/** Renders screens inside an in-memory router at `url`, as the dashboard's router would. */
export function renderAt(url: string, routes: RouteObject[]) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  return { router, ...render(<RouterProvider router={router} />) };
}

/**
 * Links into the app: the storefront's addresses (https://shop…/lkr/p/<slug>, /p/<slug>,
 * /orders/<id>) open the same screens here. The currency prefix the website uses is dropped.
 */
export function redirectSystemPath({ path }: { path: string; initial: boolean }): string {
  try {
    const url = new URL(path, 'tkcommerce://app');
    const parts = url.pathname.replace(/^\/+/, '').split('/');
    if (parts[0] === 'lkr' || parts[0] === 'usd') parts.shift();
    return `/${parts.join('/')}`;
  } catch {
    return '/';
  }
}

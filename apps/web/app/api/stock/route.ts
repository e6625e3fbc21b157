import { ApiError } from '@tk/sdk';
import { api } from '../../../lib/api';

export const dynamic = 'force-dynamic';

/**
 * Current availability of a product's variants. A statically generated product page may be a
 * little older than the last sale (it is regenerated in the background after a change); its
 * picker asks here once on load, then follows the event stream.
 */
export async function GET(req: Request) {
  const slug = new URL(req.url).searchParams.get('slug') ?? '';
  if (!/^[a-z0-9-]{1,200}$/.test(slug)) return Response.json({ stock: {} }, { status: 400 });
  try {
    const product = await api.getProduct({ params: { slug } });
    return Response.json({ stock: Object.fromEntries(product.variants.map((v) => [v.id, v.available])) }, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return Response.json({ stock: {} }, { status: 404 });
    throw err;
  }
}

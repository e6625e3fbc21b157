import { createHmac, timingSafeEqual } from 'node:crypto';
import { revalidateTag } from 'next/cache';

/**
 * Called by the API (debounced) when the catalogue, a price, stock or a flash sale changed:
 * the tagged pages are marked stale and regenerate on their next visit. The body is signed with
 * the secret both sides share.
 */
export async function POST(request: Request) {
  const secret = process.env.REVALIDATE_SECRET;
  if (!secret) return Response.json({ error: 'revalidation is not configured' }, { status: 503 });
  const body = await request.text();
  const given = Buffer.from(request.headers.get('x-signature') ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return Response.json({ error: 'bad signature' }, { status: 401 });
  const { tags } = JSON.parse(body) as { tags: string[] };
  for (const tag of tags.slice(0, 100)) revalidateTag(tag, 'max');
  return Response.json({ revalidated: tags.length });
}

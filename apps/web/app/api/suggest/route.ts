import { catalogApi } from '../../../lib/api';

/** Search suggestions while typing: a few product names for the words so far (cached like the catalogue). */
export async function GET(req: Request) {
  const q = (new URL(req.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  if (q.length < 2) return Response.json({ suggestions: [] });
  try {
    const result = await catalogApi.searchProducts({ query: { q, limit: 6 } });
    return Response.json({ suggestions: result.items.map((p) => ({ title: p.title, slug: p.slug })) }, { headers: { 'cache-control': 'public, max-age=60' } });
  } catch {
    return Response.json({ suggestions: [] });
  }
}

import type { MetadataRoute } from 'next';
import { catalogApi, siteUrl } from '../lib/api';

// Built per request from cached catalogue data: the build itself has no API to read from.
export const dynamic = 'force-dynamic';

/** Every published product and every category, walking the catalogue page by page. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const entries: MetadataRoute.Sitemap = [{ url: `${siteUrl}/`, changeFrequency: 'daily', priority: 1 }];
  const { categories } = await catalogApi.listCategories();
  const walk = (nodes: typeof categories) => {
    for (const c of nodes) {
      entries.push({ url: `${siteUrl}/c/${c.slug}`, changeFrequency: 'daily', priority: 0.7 });
      walk(c.children);
    }
  };
  walk(categories);
  let cursor: string | undefined;
  do {
    const page = await catalogApi.listProducts({ query: { limit: 100, cursor, currency: 'LKR' } });
    for (const p of page.items) entries.push({ url: `${siteUrl}/p/${p.slug}`, changeFrequency: 'weekly', priority: 0.8 });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

import type { MetadataRoute } from 'next';
import { siteUrl } from '../lib/api';

// The site's address comes from the environment at run time, not at build time.
export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: '*', allow: '/', disallow: ['/search', '/checkout', '/account', '/cart', '/api/'] }],
    sitemap: `${siteUrl}/sitemap.xml`,
  };
}

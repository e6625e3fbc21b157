import type { Metadata } from 'next';
import { CategoryListing, findCategory } from '../../../../components/category-listing';
import { siteUrl } from '../../../../lib/api';
import { routeCurrency } from '../../../../lib/currency';

// The first page of a category is static (per currency) and revalidated on catalogue changes;
// filtered and later pages are rendered per request by ./filtered (proxy.ts sends them there).
export const revalidate = 60;
export async function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const c = await findCategory(slug);
  if (!c) return {};
  const url = `${siteUrl}/c/${slug}`;
  return { title: `${c.name} | T & K`, description: c.description || `${c.name} at T & K`, alternates: { canonical: url }, openGraph: { url, title: c.name } };
}

export default async function CategoryPage({ params }: { params: Promise<{ currency: string; slug: string }> }) {
  const { currency, slug } = await params;
  return <CategoryListing slug={slug} currency={routeCurrency(currency)} query={{}} />;
}

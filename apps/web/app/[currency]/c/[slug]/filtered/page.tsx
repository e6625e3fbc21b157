import type { Metadata } from 'next';
import { CategoryListing, findCategory, type ListingQuery } from '../../../../../components/category-listing';
import { siteUrl } from '../../../../../lib/api';
import { routeCurrency } from '../../../../../lib/currency';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const c = await findCategory(slug);
  if (!c) return {};
  // Filtered views point search engines at the category itself.
  return { title: `${c.name} | T & K`, alternates: { canonical: `${siteUrl}/c/${slug}` }, robots: { index: false, follow: true } };
}

export default async function FilteredCategoryPage({ params, searchParams }: { params: Promise<{ currency: string; slug: string }>; searchParams: Promise<ListingQuery> }) {
  const { currency, slug } = await params;
  return <CategoryListing slug={slug} currency={routeCurrency(currency)} query={await searchParams} />;
}

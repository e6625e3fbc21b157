import { z } from 'zod';
import { ZCurrency, ZCursor, ZId, ZLimit, ZMoney, ZQueryBoolean, ZQueryList, ZSlug, ZTimestamp } from './common.js';

// ---------- shared shapes ----------

export const ZCategoryRef = z.object({ id: ZId, slug: z.string(), name: z.string() }).meta({ id: 'CategoryRef' });

export type TCategoryNode = {
  id: string;
  slug: string;
  name: string;
  description: string;
  productCount: number;
  children: TCategoryNode[];
};
export const ZCategoryNode: z.ZodType<TCategoryNode> = z
  .object({
    id: ZId,
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    /** Published products in this category and all of its descendants. */
    productCount: z.int(),
    get children() {
      return z.array(ZCategoryNode);
    },
  })
  .meta({ id: 'CategoryNode' });

export const ZImage = z
  .object({
    /** Present on a product's own images (for staff to delete or reorder them). */
    id: ZId.optional(),
    url: z.string(),
    alt: z.string(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    /** The same picture as WebP and AVIF at several widths, for srcset / next/image. */
    sources: z.array(z.object({ format: z.enum(['webp', 'avif']), width: z.int(), url: z.string() })).optional(),
  })
  .meta({ id: 'Image' });
export type TImage = z.infer<typeof ZImage>;
export const ZImageUploadQuery = z.object({ alt: z.string().trim().max(200).default('') });
export const ZProductImageParams = z.object({ id: ZId, imageId: ZId });
/** Every image of the product, by id, in the order to show them; the first is the listing picture. */
export const ZReorderImagesRequest = z.strictObject({ imageIds: z.array(ZId).min(1).max(20) });

export const ZProductSummary = z
  .object({
    id: ZId,
    slug: z.string(),
    title: z.string(),
    brand: z.string().nullable(),
    category: ZCategoryRef.nullable(),
    image: ZImage.nullable(),
    /** The cheapest variant in the requested currency; null when the product has no price in it. */
    price: ZMoney.nullable(),
    maxPrice: ZMoney.nullable(),
    rating: z.object({ average: z.number(), count: z.int() }),
    inStock: z.boolean(),
    /** A flash sale running now on some of its variants: prices above already include it. */
    flashSale: z.object({ id: ZId, name: z.string(), endsAt: ZTimestamp, perCustomerLimit: z.int().nullable() }).nullable(),
  })
  .meta({ id: 'ProductSummary' });
export type TProductSummary = z.infer<typeof ZProductSummary>;

export const ZVariant = z
  .object({
    id: ZId,
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    weightGrams: z.int(),
    barcode: z.string().nullable(),
    price: ZMoney.nullable(),
    compareAtPrice: ZMoney.nullable(),
    /** Units that can be bought now: on hand minus reserved, over all locations. */
    available: z.int(),
    inStock: z.boolean(),
  })
  .meta({ id: 'Variant' });

export const ZProductDetail = ZProductSummary.extend({
  description: z.string(),
  status: z.enum(['draft', 'published', 'archived']),
  attributes: z.record(z.string(), z.string()),
  seo: z.object({ title: z.string(), description: z.string() }),
  images: z.array(ZImage),
  variants: z.array(ZVariant),
  /** Option names with their values in display order, for size/colour pickers. */
  options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  /** Root first, ending with the product's own category. */
  categoryPath: z.array(ZCategoryRef),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
}).meta({ id: 'ProductDetail' });
export type TProductDetail = z.infer<typeof ZProductDetail>;

// ---------- listing and search ----------

export const PRODUCT_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'] as const;

/** `name:value` pairs; several values of one name are OR-ed, different names AND-ed. */
const ZAttributeFilter = ZQueryList.pipe(
  z.array(z.string().max(100).regex(/^[^:]+:.+$/, 'expected name:value')).max(20),
);

export const ZListProductsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  category: ZSlug.optional(),
  brand: ZQueryList.pipe(z.array(z.string().max(100)).max(20)).optional(),
  attr: ZAttributeFilter.optional(),
  minPrice: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  maxPrice: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  inStock: ZQueryBoolean.optional(),
  sort: z.enum(PRODUCT_SORTS).optional(),
  currency: ZCurrency.default('LKR'),
  limit: ZLimit,
  cursor: ZCursor.optional(),
});
export type TListProductsQuery = z.output<typeof ZListProductsQuery>;

export const ZListProductsResponse = z
  .object({ items: z.array(ZProductSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductList' });

export const ZSearchQuery = ZListProductsQuery.extend({ q: z.string().trim().min(1).max(200) });

const ZFacetValue = z.object({ value: z.string(), count: z.int() });
export const ZSearchResponse = z
  .object({
    items: z.array(ZProductSummary),
    nextCursor: z.string().nullable(),
    total: z.int(),
    /** When a word was not in the catalogue's vocabulary, the query that was actually run. */
    correctedQuery: z.string().nullable(),
    facets: z.object({
      categories: z.array(ZCategoryRef.extend({ count: z.int() })),
      brands: z.array(ZFacetValue),
      attributes: z.array(z.object({ name: z.string(), values: z.array(ZFacetValue) })),
      price: z.object({ min: ZMoney, max: ZMoney }).nullable(),
    }),
  })
  .meta({ id: 'SearchResult' });
export type TSearchResponse = z.infer<typeof ZSearchResponse>;

export const ZProductSlugParams = z.object({ slug: ZSlug });
export const ZProductDetailQuery = z.object({ currency: ZCurrency.default('LKR') });
export const ZCategoryTreeResponse = z.object({ categories: z.array(ZCategoryNode) });

// ---------- administration ----------

const ZPriceInput = z
  .strictObject({
    currency: ZCurrency,
    /** At most 10^12 minor units (10 billion rupees), so 999 of one item still sums exactly. */
    amount: z.int().min(0).max(1_000_000_000_000),
    /** The "was" price shown struck through; only meaningful above the price. */
    compareAtAmount: z.int().min(0).max(1_000_000_000_000).nullable().optional(),
  })
  .refine((p) => p.compareAtAmount == null || p.compareAtAmount > p.amount, {
    message: 'must be greater than amount',
    path: ['compareAtAmount'],
  });

/** Option and attribute names are filter keys ("colour:Red"), so they cannot contain a colon. */
const ZFacetName = z.string().min(1).max(50).regex(/^[^:]+$/, 'must not contain ":"');

export const ZVariantInput = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  options: z.record(ZFacetName, z.string().min(1).max(100)).default({}),
  weightGrams: z.int().min(0).max(1_000_000).default(0),
  barcode: z.string().max(64).nullable().optional(),
  prices: z.array(ZPriceInput).max(10).default([]),
  /** Initial units on hand at the default stock location. */
  initialStock: z.int().min(0).max(1_000_000).default(0),
});

const ZProductFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(20_000),
  brand: z.string().trim().max(100).nullable(),
  categoryId: ZId.nullable(),
  attributes: z.record(ZFacetName, z.string().max(200)),
  seoTitle: z.string().max(200).nullable(),
  seoDescription: z.string().max(500).nullable(),
  status: z.enum(['draft', 'published', 'archived']),
};

export const ZCreateProductRequest = z.strictObject({
  ...ZProductFields,
  slug: ZSlug.optional(),
  description: ZProductFields.description.default(''),
  brand: ZProductFields.brand.optional(),
  categoryId: ZProductFields.categoryId.optional(),
  attributes: ZProductFields.attributes.default({}),
  seoTitle: ZProductFields.seoTitle.optional(),
  seoDescription: ZProductFields.seoDescription.optional(),
  status: ZProductFields.status.default('draft'),
  images: z.array(z.strictObject({ url: z.string().min(1).max(2000), alt: z.string().max(200).default('') })).max(20).default([]),
  variants: z.array(ZVariantInput).min(1).max(100),
});
export type TCreateProductRequest = z.input<typeof ZCreateProductRequest>;

export const ZUpdateProductRequest = z
  .strictObject({ ...ZProductFields, slug: ZSlug })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');
export type TUpdateProductRequest = z.input<typeof ZUpdateProductRequest>;

/** The operations team's product table: every status, newest change first, searchable by title, SKU or brand. */
export const ZAdminProductListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['draft', 'published', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ZAdminProductList = z
  .object({
    items: z.array(
      z.object({
        id: ZId,
        slug: z.string(),
        title: z.string(),
        brand: z.string().nullable(),
        status: z.enum(['draft', 'published', 'archived']),
        category: z.string().nullable(),
        variantCount: z.int(),
        available: z.int(),
        imageUrl: z.string().nullable(),
        updatedAt: ZTimestamp,
      }),
    ),
    total: z.int(),
  })
  .meta({ id: 'AdminProductList' });
export type TAdminProductList = z.infer<typeof ZAdminProductList>;

export const ZProductIdParams = z.object({ id: ZId });
export const ZVariantIdParams = z.object({ id: ZId });
export const ZSetPricesRequest = z.strictObject({ prices: z.array(ZPriceInput).min(1).max(10) });
/** A new variant of an existing product: its own SKU, option values, prices and opening stock. */
export const ZAddVariantRequest = ZVariantInput;
export const ZUpdateVariantRequest = z
  .strictObject({
    sku: ZVariantInput.shape.sku,
    title: ZVariantInput.shape.title,
    options: z.record(ZFacetName, z.string().min(1).max(100)),
    weightGrams: z.int().min(0).max(1_000_000),
    barcode: z.string().max(64).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field is required');
/** Staff's view of a product's variants: every price and the stock on hand as well as available. */
export const ZAdminVariantList = z
  .object({
    items: z.array(
      z.object({
        id: ZId,
        sku: z.string(),
        title: z.string(),
        options: z.record(z.string(), z.string()),
        weightGrams: z.int(),
        barcode: z.string().nullable(),
        prices: z.array(z.object({ currency: ZCurrency, amount: z.int(), compareAtAmount: z.int().nullable() })),
        onHand: z.int(),
        available: z.int(),
      }),
    ),
  })
  .meta({ id: 'AdminVariantList' });
export type TAdminVariant = z.infer<typeof ZAdminVariantList>['items'][number];
export const ZVariantPricesResponse = z.object({
  variantId: ZId,
  prices: z.array(z.object({ currency: ZCurrency, amount: z.int(), compareAtAmount: z.int().nullable() })),
});

export const ZCreateCategoryRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  slug: ZSlug.optional(),
  description: z.string().max(2000).default(''),
  parentId: ZId.nullable().optional(),
  position: z.int().min(0).max(10_000).default(0),
});
export const ZCategoryResponse = ZCategoryRef.extend({ parentId: ZId.nullable(), description: z.string() });

export const ZWishlist = z
  .object({ items: z.array(ZProductSummary.extend({ addedAt: z.iso.datetime({ offset: true }) })) })
  .meta({ id: 'Wishlist' });
export const ZWishlistItemParams = z.object({ productId: z.uuid() });

export const ZRecommendations = z
  .object({
    items: z.array(ZProductSummary),
    /** similar: bought and viewed together; personal: from the customer's own activity; trending: the fallback. */
    source: z.enum(['similar', 'personal', 'trending']),
  })
  .meta({ id: 'Recommendations' });
export const ZRecommendationsQuery = z.object({ currency: ZCurrency.default('LKR'), limit: z.coerce.number().int().min(1).max(24).default(10) });
export const ZRebuildResult = z.object({ activityFlushed: z.int(), products: z.int(), shoppers: z.int(), personal: z.int(), seconds: z.number() });

// ----- catalogue CSV (staff) -----

/**
 * One row per variant; a product's rows share its handle (its slug) and its fields come from its
 * first row (title is required there). Prices are in major units ("1250.00"); options read
 * "Size=M; Colour=Red"; stock is the count on hand at the main warehouse. An empty cell sets
 * nothing: a new product goes without it, an existing product or variant keeps its value. Columns
 * other than handle, title and sku may be left out. New variants of an existing product are added
 * in the product editor. Export also writes `stock_exported`, the count when the file was made: on
 * import an unchanged stock cell then leaves stock alone (sales since the export stand), and a changed
 * one applies only if nothing moved since, so an old file never resets stock. Without that column,
 * stock is set as given (a stock count).
 */
export const CATALOG_CSV_COLUMNS = [
  'handle', 'title', 'status', 'brand', 'category', 'description', 'sku', 'variant_title', 'options', 'weight_grams',
  'price_LKR', 'price_USD', 'price_EUR', 'price_GBP', 'stock', 'stock_exported',
] as const;

export const ZCatalogCsvRequest = z.strictObject({
  csv: z.string().min(1).max(5_000_000),
  /**
   * Import in parts so a long file shows progress: the products (in file order) from
   * index × size, up to size of them, are checked and written in one transaction. Check the whole
   * file first (the check route): a part with a bad cell writes nothing, but earlier parts stay.
   */
  part: z.strictObject({ index: z.int().min(0).max(100_000), size: z.int().min(1).max(200) }).default({ index: 0, size: 200 }),
});
export const ZCatalogCsvCheck = z
  .object({ rows: z.int(), products: z.int(), creates: z.int(), updates: z.int() })
  .meta({ id: 'CatalogCsvCheck' });
export const ZCatalogCsvImport = z
  .object({
    /** Products in the whole file. */
    products: z.int(),
    /** Written by this part. */
    created: z.int(),
    updated: z.int(),
    /** The next part's index, or null when this was the last. */
    nextIndex: z.int().nullable(),
  })
  .meta({ id: 'CatalogCsvImport' });
export const ZCatalogCsvExport = z.object({ csv: z.string(), products: z.int(), rows: z.int() }).meta({ id: 'CatalogCsvExport' });
export type TCatalogCsvCheck = z.infer<typeof ZCatalogCsvCheck>;

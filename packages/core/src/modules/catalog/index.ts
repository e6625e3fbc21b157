/** Catalogue: categories, products, variants, prices, listing and search. */
export { CatalogService, slugify, queryWords, type CatalogServiceDeps } from './catalog.service.js';
export { refreshFacetValues, refreshPriceRanges, refreshSearchWords } from './catalog.repository.js';
export { variantsForSale, type SaleVariantRow } from './catalog.repository.js';
export { isPublished, setProductRating } from './catalog.repository.js';
export { CatalogCsvService, minorUnits } from './catalog-csv.js';

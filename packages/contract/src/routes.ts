import * as analytics from './analytics.js';
import * as auth from './auth.js';
import * as cart from './cart.js';
import * as catalog from './catalog.js';
import * as inventory from './inventory.js';
import * as orders from './orders.js';
import * as payments from './payments.js';
import * as promotions from './promotions.js';
import * as events from './events.js';
import * as jobs from './jobs.js';
import * as notifications from './notifications.js';
import * as reviews from './reviews.js';
import * as shipping from './shipping.js';
import { defineRoute } from './route.js';

/**
 * The API, operation by operation. The server binds its handlers to these, the OpenAPI document is
 * generated from them and the SDK calls them: one definition, three uses.
 */
export const routes = {
  // ----- catalogue (public) -----
  listCategories: defineRoute({
    method: 'get', path: '/v1/categories', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 300, swr: 3600 },
    summary: 'The category tree with product counts',
    response: catalog.ZCategoryTreeResponse,
  }),
  listProducts: defineRoute({
    method: 'get', path: '/v1/products', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 30, swr: 300 },
    summary: 'Published products, filtered, sorted and paginated by cursor',
    query: catalog.ZListProductsQuery,
    response: catalog.ZListProductsResponse,
  }),
  searchProducts: defineRoute({
    method: 'get', path: '/v1/search', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 30, swr: 300 },
    summary: 'Full-text search with typo tolerance and facet counts',
    query: catalog.ZSearchQuery,
    response: catalog.ZSearchResponse,
  }),
  getProduct: defineRoute({
    method: 'get', path: '/v1/products/{slug}', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 10, swr: 60 },
    summary: 'One published product with its variants, prices in the requested currency and availability',
    params: catalog.ZProductSlugParams,
    query: catalog.ZProductDetailQuery,
    response: catalog.ZProductDetail,
  }),

  // ----- catalogue (staff) -----
  createCategory: defineRoute({
    method: 'post', path: '/v1/admin/categories', tag: 'admin-catalog', access: 'staff', status: 201,
    summary: 'Create a category, optionally under a parent',
    body: catalog.ZCreateCategoryRequest,
    response: catalog.ZCategoryResponse,
  }),
  listAdminProducts: defineRoute({
    method: 'get', path: '/v1/admin/products', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Every product in any status, for the admin table: search by title, SKU or brand, filter by status, paginated',
    query: catalog.ZAdminProductListQuery,
    response: catalog.ZAdminProductList,
  }),
  createProduct: defineRoute({
    method: 'post', path: '/v1/admin/products', tag: 'admin-catalog', access: 'staff', status: 201,
    summary: 'Create a product with its variants, prices and initial stock, in one transaction',
    query: catalog.ZProductDetailQuery,
    body: catalog.ZCreateProductRequest,
    response: catalog.ZProductDetail,
  }),
  getProductById: defineRoute({
    method: 'get', path: '/v1/admin/products/{id}', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Any product, draft or published',
    params: catalog.ZProductIdParams,
    query: catalog.ZProductDetailQuery,
    response: catalog.ZProductDetail,
  }),
  updateProduct: defineRoute({
    method: 'patch', path: '/v1/admin/products/{id}', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Change product fields or publish it',
    params: catalog.ZProductIdParams,
    query: catalog.ZProductDetailQuery,
    body: catalog.ZUpdateProductRequest,
    response: catalog.ZProductDetail,
  }),
  exportCatalogCsv: defineRoute({
    method: 'get', path: '/v1/admin/catalog/csv', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Every product, variant, price and stock level as CSV (one row per variant)', response: catalog.ZCatalogCsvExport,
  }),
  checkCatalogCsv: defineRoute({
    method: 'post', path: '/v1/admin/catalog/csv/check', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Check a catalogue CSV without writing anything: what it would create and update, or every bad cell by line and column',
    body: catalog.ZCatalogCsvRequest, response: catalog.ZCatalogCsvCheck,
  }),
  importCatalogCsv: defineRoute({
    method: 'post', path: '/v1/admin/catalog/csv/import', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: 'Create and update products, variants, prices and stock from a catalogue CSV, one part at a time (each part one transaction)',
    body: catalog.ZCatalogCsvRequest, response: catalog.ZCatalogCsvImport,
  }),
  listProductVariants: defineRoute({
    method: 'get', path: '/v1/admin/products/{id}/variants', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: "A product's variants with every price and their stock", params: catalog.ZProductIdParams, response: catalog.ZAdminVariantList,
  }),
  addVariant: defineRoute({
    method: 'post', path: '/v1/admin/products/{id}/variants', tag: 'admin-catalog', access: 'staff', status: 201,
    summary: 'Add a variant (a new size or colour) with its prices and opening stock', params: catalog.ZProductIdParams,
    body: catalog.ZAddVariantRequest, response: catalog.ZAdminVariantList,
  }),
  updateVariant: defineRoute({
    method: 'patch', path: '/v1/admin/variants/{id}', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: "Change a variant's SKU, title, option values, weight or barcode", params: catalog.ZVariantIdParams,
    body: catalog.ZUpdateVariantRequest, response: catalog.ZAdminVariantList,
  }),
  setVariantPrices: defineRoute({
    method: 'put', path: '/v1/admin/variants/{id}/prices', tag: 'admin-catalog', access: 'staff', status: 200,
    summary: "Set a variant's prices in one or more currencies",
    params: catalog.ZVariantIdParams,
    body: catalog.ZSetPricesRequest,
    response: catalog.ZVariantPricesResponse,
  }),

  // ----- carts (guests and customers) -----
  createCart: defineRoute({
    method: 'post', path: '/v1/carts', tag: 'cart', access: 'optional', status: 201,
    summary: "Start a cart; signed in, it is the customer's cart on every device",
    body: cart.ZCreateCartRequest,
    response: cart.ZCart,
  }),
  getCart: defineRoute({
    method: 'get', path: '/v1/carts/{id}', tag: 'cart', access: 'optional', status: 200,
    summary: 'A cart with current prices, availability and totals',
    params: cart.ZCartIdParams,
    response: cart.ZCart,
  }),
  addCartLine: defineRoute({
    method: 'post', path: '/v1/carts/{id}/lines', tag: 'cart', access: 'optional', status: 200,
    summary: 'Add units of a variant (more than is available is refused with what is available)',
    params: cart.ZCartIdParams,
    body: cart.ZAddCartLineRequest,
    response: cart.ZCart,
  }),
  setCartLine: defineRoute({
    method: 'patch', path: '/v1/carts/{id}/lines/{variantId}', tag: 'cart', access: 'optional', status: 200,
    summary: 'Set the quantity of a line; 0 removes it',
    params: cart.ZCartLineParams,
    body: cart.ZSetCartLineRequest,
    response: cart.ZCart,
  }),
  removeCartLine: defineRoute({
    method: 'delete', path: '/v1/carts/{id}/lines/{variantId}', tag: 'cart', access: 'optional', status: 200,
    summary: 'Remove a line',
    params: cart.ZCartLineParams,
    response: cart.ZCart,
  }),
  clearCart: defineRoute({
    method: 'delete', path: '/v1/carts/{id}/lines', tag: 'cart', access: 'optional', status: 200,
    summary: 'Remove every line',
    params: cart.ZCartIdParams,
    response: cart.ZCart,
  }),
  setCartDestination: defineRoute({
    method: 'put', path: '/v1/carts/{id}/destination', tag: 'cart', access: 'optional', status: 200,
    summary: 'Where the cart ships: decides its shipping options and tax',
    params: cart.ZCartIdParams, body: shipping.ZDestination, response: cart.ZCart,
  }),
  chooseShippingMethod: defineRoute({
    method: 'put', path: '/v1/carts/{id}/shipping-method', tag: 'cart', access: 'optional', status: 200,
    summary: "Choose one of the cart's shipping options",
    params: cart.ZCartIdParams, body: shipping.ZChooseShippingMethodRequest, response: cart.ZCart,
  }),
  getMyCart: defineRoute({
    method: 'get', path: '/v1/me/cart', tag: 'cart', access: 'customer', status: 200,
    summary: "The signed-in customer's cart, the same on every device (created when missing)",
    query: cart.ZMyCartQuery,
    response: cart.ZCart,
  }),
  mergeCart: defineRoute({
    method: 'post', path: '/v1/me/cart/merge', tag: 'cart', access: 'customer', status: 200,
    summary: "Move a guest cart's lines into the customer's cart after signing in",
    body: cart.ZMergeCartRequest,
    response: cart.ZCart,
  }),
  applyPromotionCode: defineRoute({
    method: 'post', path: '/v1/carts/{id}/promotions', tag: 'cart', access: 'optional', status: 200,
    summary: 'Apply a discount code: the cart with its discount, or 422 with the exact reason it does not apply',
    params: cart.ZCartIdParams,
    body: promotions.ZApplyCodeRequest,
    response: cart.ZCart,
  }),
  removePromotionCode: defineRoute({
    method: 'delete', path: '/v1/carts/{id}/promotions/{code}', tag: 'cart', access: 'optional', status: 200,
    summary: 'Take a discount code off the cart',
    params: promotions.ZCartCodeParams,
    response: cart.ZCart,
  }),
  productRecommendations: defineRoute({
    method: 'get', path: '/v1/products/{id}/recommendations', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 60, swr: 600 },
    summary: 'Products often viewed, carted or bought with this one (trending ones for a new product); in stock only',
    params: catalog.ZProductIdParams, query: catalog.ZRecommendationsQuery, response: catalog.ZRecommendations,
  }),
  trendingProducts: defineRoute({
    method: 'get', path: '/v1/recommendations/trending', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 300, swr: 3600 },
    summary: 'What shoppers are viewing, carting and buying now (for home pages and new visitors); in stock only',
    query: catalog.ZRecommendationsQuery, response: catalog.ZRecommendations,
  }),
  myRecommendations: defineRoute({
    method: 'get', path: '/v1/me/recommendations', tag: 'catalog', access: 'customer', status: 200,
    summary: "The signed-in customer's personal picks (trending ones for a new customer); nothing they already bought",
    query: catalog.ZRecommendationsQuery, response: catalog.ZRecommendations,
  }),
  getNotificationPreferences: defineRoute({
    method: 'get', path: '/v1/me/notification-preferences', tag: 'account', access: 'customer', status: 200,
    summary: 'What the customer agreed to receive', response: notifications.ZNotificationPreferences,
  }),
  updateNotificationPreferences: defineRoute({
    method: 'patch', path: '/v1/me/notification-preferences', tag: 'account', access: 'customer', status: 200,
    summary: 'Opt in or out of offers and order pushes', body: notifications.ZUpdateNotificationPreferences, response: notifications.ZNotificationPreferences,
  }),
  registerDevice: defineRoute({
    method: 'post', path: '/v1/me/devices', tag: 'account', access: 'customer', status: 204,
    summary: "Register this device's push token (FCM or Expo)", body: notifications.ZRegisterDeviceRequest, response: null,
  }),
  removeDevice: defineRoute({
    method: 'delete', path: '/v1/me/devices/{token}', tag: 'account', access: 'customer', status: 204,
    summary: 'Stop pushes to a device (on sign-out)', params: notifications.ZDeviceParams, response: null,
  }),
  eventTicket: defineRoute({
    method: 'post', path: '/v1/events/ticket', tag: 'events', access: 'customer', status: 201,
    summary: "A one-minute ticket for GET /v1/events?ticket=… (browsers' EventSource cannot send a bearer token)",
    response: events.ZEventTicket,
  }),
  currentFlashSales: defineRoute({
    method: 'get', path: '/v1/flash-sales', tag: 'catalog', access: 'public', status: 200, cache: { maxAge: 10, swr: 60 },
    summary: 'Flash sales running now or scheduled, with their items, for countdowns',
    response: promotions.ZFlashSaleList,
  }),

  // ----- checkout and orders -----
  checkout: defineRoute({
    method: 'post', path: '/v1/checkout', tag: 'orders', access: 'optional', status: 201,
    summary: 'Turn a cart into an order awaiting payment, holding its stock (send an Idempotency-Key header)',
    body: orders.ZCheckoutRequest,
    response: orders.ZOrder,
  }),
  getOrder: defineRoute({
    method: 'get', path: '/v1/orders/{id}', tag: 'orders', access: 'optional', status: 200,
    summary: "An order with its timeline (a customer's own, a guest order by its id, any for staff)",
    params: orders.ZOrderIdParams,
    response: orders.ZOrder,
  }),
  lookupOrder: defineRoute({
    method: 'post', path: '/v1/orders/lookup', tag: 'orders', access: 'public', status: 200,
    summary: 'Find an order by its number and the email it was placed with',
    body: orders.ZOrderLookupRequest,
    response: orders.ZOrder,
  }),
  listMyOrders: defineRoute({
    method: 'get', path: '/v1/me/orders', tag: 'orders', access: 'customer', status: 200,
    summary: "The signed-in customer's orders, newest first",
    response: orders.ZOrderList,
  }),
  // ----- payments -----
  paymentOptions: defineRoute({
    method: 'get', path: '/v1/orders/{id}/payment-options', tag: 'payments', access: 'optional', status: 200,
    summary: "The gateways that take this order's currency, and the customer's saved cards",
    params: orders.ZOrderIdParams,
    response: payments.ZPaymentOptions,
  }),
  startPayment: defineRoute({
    method: 'post', path: '/v1/orders/{id}/payments', tag: 'payments', access: 'optional', status: 201,
    summary: 'Start (or resume) paying an order at a gateway; the answer says what the client does next',
    params: orders.ZOrderIdParams,
    body: payments.ZStartPaymentRequest,
    response: payments.ZPayment,
  }),
  listSavedCards: defineRoute({
    method: 'get', path: '/v1/me/payment-methods', tag: 'payments', access: 'customer', status: 200,
    summary: "The signed-in customer's saved cards", response: payments.ZSavedCardList,
  }),
  deleteSavedCard: defineRoute({
    method: 'delete', path: '/v1/me/payment-methods/{id}', tag: 'payments', access: 'customer', status: 204,
    summary: 'Forget a saved card here and at its gateway', params: payments.ZSavedCardParams, response: null,
  }),
  sandboxConfirm: defineRoute({
    method: 'post', path: '/v1/payments/sandbox/{reference}/confirm', tag: 'payments', access: 'public', status: 200,
    summary: "The sandbox gateway's payment page: choose success, a decline or a challenge, and how its webhook arrives",
    params: payments.ZSandboxReferenceParams,
    body: payments.ZSandboxConfirmRequest,
    response: payments.ZSandboxPaymentState,
  }),
  sandboxChallenge: defineRoute({
    method: 'post', path: '/v1/payments/sandbox/{reference}/challenge', tag: 'payments', access: 'public', status: 200,
    summary: "The sandbox gateway's 3-D Secure style challenge: pass or fail it",
    params: payments.ZSandboxReferenceParams,
    body: payments.ZSandboxChallengeRequest,
    response: payments.ZSandboxPaymentState,
  }),
  paymentWebhook: defineRoute({
    method: 'post', path: '/v1/webhooks/{gateway}', tag: 'payments', access: 'public', status: 200,
    summary: "A gateway's signed event (raw body, verified with the gateway's secret); duplicates are acknowledged and ignored",
    params: payments.ZWebhookParams,
    response: payments.ZWebhookAck,
  }),

  // ----- wishlists -----
  getWishlist: defineRoute({
    method: 'get', path: '/v1/me/wishlist', tag: 'account', access: 'customer', status: 200,
    summary: 'Saved products with current price and stock', query: catalog.ZProductDetailQuery, response: catalog.ZWishlist,
  }),
  addToWishlist: defineRoute({
    method: 'put', path: '/v1/me/wishlist/{productId}', tag: 'account', access: 'customer', status: 200,
    summary: 'Save a product (saving twice changes nothing)', params: catalog.ZWishlistItemParams,
    query: catalog.ZProductDetailQuery, response: catalog.ZWishlist,
  }),
  removeFromWishlist: defineRoute({
    method: 'delete', path: '/v1/me/wishlist/{productId}', tag: 'account', access: 'customer', status: 200,
    summary: 'Forget a saved product', params: catalog.ZWishlistItemParams,
    query: catalog.ZProductDetailQuery, response: catalog.ZWishlist,
  }),

  // ----- reviews -----
  listProductReviews: defineRoute({
    method: 'get', path: '/v1/products/{slug}/reviews', tag: 'reviews', access: 'public', status: 200,
    summary: 'Approved reviews of a product, newest first, with the average rating',
    params: catalog.ZProductSlugParams, response: reviews.ZProductReviews,
  }),
  createReview: defineRoute({
    method: 'post', path: '/v1/reviews', tag: 'reviews', access: 'customer', status: 201,
    summary: 'Review a product (one per customer per product; shown once approved)',
    body: reviews.ZCreateReviewRequest, response: reviews.ZReview,
  }),
  listMyReviews: defineRoute({
    method: 'get', path: '/v1/me/reviews', tag: 'reviews', access: 'customer', status: 200,
    summary: "The signed-in customer's reviews, whatever their status", response: reviews.ZReviewList,
  }),
  listReviewsForModeration: defineRoute({
    method: 'get', path: '/v1/admin/reviews', tag: 'admin-reviews', access: 'staff', status: 200,
    summary: 'Reviews by moderation status (pending by default) with their product, a page at a time', query: reviews.ZAdminReviewQuery, response: reviews.ZAdminReviewList,
  }),
  moderateReview: defineRoute({
    method: 'post', path: '/v1/admin/reviews/{id}/moderate', tag: 'admin-reviews', access: 'staff', status: 200,
    summary: "Approve or reject a review; the product's rating follows", params: reviews.ZReviewIdParams,
    body: reviews.ZModerateReviewRequest, response: reviews.ZReview,
  }),

  // ----- promotions, flash sales, collections, bulk prices (staff) -----
  listPromotions: defineRoute({
    method: 'get', path: '/v1/admin/promotions', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'Every promotion with its usage', response: promotions.ZPromotionList,
  }),
  createPromotion: defineRoute({
    method: 'post', path: '/v1/admin/promotions', tag: 'admin-promotions', access: 'staff', status: 201,
    summary: 'Create a discount code or an automatic promotion', body: promotions.ZCreatePromotionRequest, response: promotions.ZPromotion,
  }),
  getPromotion: defineRoute({
    method: 'get', path: '/v1/admin/promotions/{id}', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'One promotion', params: promotions.ZPromotionIdParams, response: promotions.ZPromotion,
  }),
  updatePromotion: defineRoute({
    method: 'patch', path: '/v1/admin/promotions/{id}', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'Change a promotion (switch it off with active: false)', params: promotions.ZPromotionIdParams,
    body: promotions.ZUpdatePromotionRequest, response: promotions.ZPromotion,
  }),
  listFlashSales: defineRoute({
    method: 'get', path: '/v1/admin/flash-sales', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'Every flash sale, for the calendar', response: promotions.ZFlashSaleList,
  }),
  createFlashSale: defineRoute({
    method: 'post', path: '/v1/admin/flash-sales', tag: 'admin-promotions', access: 'staff', status: 201,
    summary: 'Schedule a flash sale on a set of variants', body: promotions.ZCreateFlashSaleRequest, response: promotions.ZFlashSale,
  }),
  cancelFlashSale: defineRoute({
    method: 'post', path: '/v1/admin/flash-sales/{id}/cancel', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'Cancel a flash sale (prices go back at once)', params: promotions.ZFlashSaleIdParams, response: promotions.ZFlashSale,
  }),
  listCollections: defineRoute({
    method: 'get', path: '/v1/admin/collections', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: 'Collections of products', response: promotions.ZCollectionList,
  }),
  createCollection: defineRoute({
    method: 'post', path: '/v1/admin/collections', tag: 'admin-promotions', access: 'staff', status: 201,
    summary: 'Create a collection of products', body: promotions.ZCreateCollectionRequest, response: promotions.ZCollection,
  }),
  setCollectionProducts: defineRoute({
    method: 'put', path: '/v1/admin/collections/{id}/products', tag: 'admin-promotions', access: 'staff', status: 200,
    summary: "Replace a collection's products", params: promotions.ZCollectionIdParams,
    body: promotions.ZSetCollectionProductsRequest, response: promotions.ZCollection,
  }),
  previewPriceRun: defineRoute({
    method: 'post', path: '/v1/admin/price-runs/preview', tag: 'admin-prices', access: 'staff', status: 200,
    summary: 'Every price a bulk change would set, without changing anything', body: promotions.ZPriceRunRequest, response: promotions.ZPricePreview,
  }),
  applyPriceRun: defineRoute({
    method: 'post', path: '/v1/admin/price-runs', tag: 'admin-prices', access: 'staff', status: 201,
    summary: 'Apply a bulk price change atomically, recorded as a run', body: promotions.ZPriceRunRequest, response: promotions.ZPriceRunDetail,
  }),
  previewPriceCsv: defineRoute({
    method: 'post', path: '/v1/admin/price-runs/csv/preview', tag: 'admin-prices', access: 'staff', status: 200,
    summary: 'Check a price CSV (sku, currency, price, compare_at) and show every change', body: promotions.ZPriceCsvRequest, response: promotions.ZPricePreview,
  }),
  applyPriceCsv: defineRoute({
    method: 'post', path: '/v1/admin/price-runs/csv', tag: 'admin-prices', access: 'staff', status: 201,
    summary: 'Apply a price CSV atomically, recorded as a run', body: promotions.ZPriceCsvRequest, response: promotions.ZPriceRunDetail,
  }),
  listPriceRuns: defineRoute({
    method: 'get', path: '/v1/admin/price-runs', tag: 'admin-prices', access: 'staff', status: 200,
    summary: 'Bulk price runs: who, when, what', response: promotions.ZPriceRunList,
  }),
  getPriceRun: defineRoute({
    method: 'get', path: '/v1/admin/price-runs/{id}', tag: 'admin-prices', access: 'staff', status: 200,
    summary: 'One price run with every change', params: promotions.ZPriceRunIdParams, response: promotions.ZPriceRunDetail,
  }),
  revertPriceRun: defineRoute({
    method: 'post', path: '/v1/admin/price-runs/{id}/revert', tag: 'admin-prices', access: 'staff', status: 201,
    summary: 'Put back every price a run changed, as a new run', params: promotions.ZPriceRunIdParams, response: promotions.ZPriceRunDetail,
  }),

  // ----- orders (staff) -----
  listOrders: defineRoute({
    method: 'get', path: '/v1/admin/orders', tag: 'admin-orders', access: 'staff', status: 200,
    summary: 'Orders, newest first: by status, order number or email, or customer; offset pages with the total',
    query: orders.ZAdminOrderListQuery, response: orders.ZAdminOrderList,
  }),
  fulfilOrder: defineRoute({
    method: 'post', path: '/v1/admin/orders/{id}/fulfil', tag: 'admin-orders', access: 'staff', status: 200,
    summary: 'Mark a paid order packed', params: orders.ZOrderIdParams, response: orders.ZOrder,
  }),
  shipOrder: defineRoute({
    method: 'post', path: '/v1/admin/orders/{id}/ship', tag: 'admin-orders', access: 'staff', status: 200,
    summary: 'Hand an order to the carrier with its tracking number', params: orders.ZOrderIdParams,
    body: orders.ZShipOrderRequest, response: orders.ZOrder,
  }),
  deliverOrder: defineRoute({
    method: 'post', path: '/v1/admin/orders/{id}/deliver', tag: 'admin-orders', access: 'staff', status: 200,
    summary: 'Record delivery', params: orders.ZOrderIdParams, response: orders.ZOrder,
  }),
  refundOrder: defineRoute({
    method: 'post', path: '/v1/admin/orders/{id}/refunds', tag: 'admin-orders', access: 'staff', status: 201,
    summary: 'Refund part or all of what was paid (send an Idempotency-Key header)', params: orders.ZOrderIdParams,
    body: payments.ZRefundRequest, response: payments.ZRefund,
  }),
  retryRefund: defineRoute({
    method: 'post', path: '/v1/admin/refunds/{id}/retry', tag: 'admin-orders', access: 'staff', status: 201,
    summary: 'Send a failed refund again (as a new refund)', params: payments.ZRefundIdParams, response: payments.ZRefund,
  }),
  notificationLog: defineRoute({
    method: 'get', path: '/v1/admin/notifications', tag: 'admin-operations', access: 'staff', status: 200,
    summary: 'Every email and push sent, skipped or given up, newest first, and how many wait',
    query: notifications.ZNotificationLogQuery, response: notifications.ZNotificationLog,
  }),
  sendCampaign: defineRoute({
    method: 'post', path: '/v1/admin/notifications/campaigns', tag: 'admin-operations', access: 'staff', status: 202,
    summary: 'A promotional email or push to every customer who opted in', body: notifications.ZCampaignRequest, response: notifications.ZCampaignResult,
  }),
  listDeadLetters: defineRoute({
    method: 'get', path: '/v1/admin/jobs/dead-letters', tag: 'admin-operations', access: 'staff', status: 200,
    summary: 'Background jobs that failed every attempt, newest first', response: jobs.ZDeadLetterList,
  }),
  runJob: defineRoute({
    method: 'post', path: '/v1/admin/jobs/{name}/run', tag: 'admin-operations', access: 'admin', status: 202,
    summary: 'Queue a background job now (it also runs on its schedule)', params: jobs.ZJobParams, response: jobs.ZJobQueued,
  }),
  uploadProductImage: defineRoute({
    method: 'post', path: '/v1/admin/products/{id}/images', tag: 'admin-catalog', access: 'staff', status: 201,
    summary: 'Upload an image (the file itself as the body: JPEG, PNG, WebP or AVIF); WebP and AVIF sizes are made from it',
    params: catalog.ZProductIdParams, query: catalog.ZImageUploadQuery, response: catalog.ZImage,
  }),
  deleteProductImage: defineRoute({
    method: 'delete', path: '/v1/admin/products/{id}/images/{imageId}', tag: 'admin-catalog', access: 'staff', status: 204,
    summary: 'Delete an image and its files', params: catalog.ZProductImageParams, response: null,
  }),
  reorderProductImages: defineRoute({
    method: 'put', path: '/v1/admin/products/{id}/images/order', tag: 'admin-catalog', access: 'staff', status: 204,
    summary: "Put a product's images in a new order (the first shows in listings)", params: catalog.ZProductIdParams,
    body: catalog.ZReorderImagesRequest, response: null,
  }),
  rebuildRecommendations: defineRoute({
    method: 'post', path: '/v1/admin/recommendations/rebuild', tag: 'admin-catalog', access: 'admin', status: 200,
    summary: 'Move queued activity into the log and rebuild every recommendation list now (normally nightly)',
    response: catalog.ZRebuildResult,
  }),
  reconcilePayments: defineRoute({
    method: 'post', path: '/v1/admin/payments/reconcile', tag: 'admin-orders', access: 'admin', status: 200,
    summary: 'Ask the gateways about unsettled payments now and retry pending refunds', response: payments.ZReconcileResult,
  }),
  paymentSettings: defineRoute({
    method: 'get', path: '/v1/admin/payments/settings', tag: 'admin-orders', access: 'admin', status: 200,
    summary: 'Which gateway takes which currency, whether each has its keys, test or live, and its webhook address (admins only)',
    response: payments.ZPaymentSettings,
  }),
  cancelOrder: defineRoute({
    method: 'post', path: '/v1/admin/orders/{id}/cancel', tag: 'admin-orders', access: 'staff', status: 200,
    summary: 'Cancel an order that has not shipped; its stock returns and what was paid is refunded', params: orders.ZOrderIdParams,
    body: orders.ZCancelOrderRequest, response: orders.ZOrder,
  }),

  // ----- shipping (staff) -----
  listShippingZones: defineRoute({
    method: 'get', path: '/v1/admin/shipping-zones', tag: 'admin-shipping', access: 'staff', status: 200,
    summary: 'Shipping zones with their methods, rates and tax', response: shipping.ZShippingZoneList,
  }),
  createShippingZone: defineRoute({
    method: 'post', path: '/v1/admin/shipping-zones', tag: 'admin-shipping', access: 'staff', status: 201,
    summary: 'Create a zone: countries (or * for the rest of the world), optional regions, and its tax',
    body: shipping.ZCreateShippingZoneRequest, response: shipping.ZShippingZone,
  }),
  updateShippingZone: defineRoute({
    method: 'patch', path: '/v1/admin/shipping-zones/{id}', tag: 'admin-shipping', access: 'staff', status: 200,
    summary: "Rename a zone, change its countries or regions, or its tax rate; carts are quoted with it at once",
    params: shipping.ZShippingZoneParams, body: shipping.ZUpdateShippingZoneRequest, response: shipping.ZShippingZone,
  }),
  retireShippingMethod: defineRoute({
    method: 'delete', path: '/v1/admin/shipping-zones/{id}/methods/{methodId}', tag: 'admin-shipping', access: 'staff', status: 200,
    summary: 'Stop offering a method (orders already placed keep its name and price)',
    params: shipping.ZShippingMethodParams, response: shipping.ZShippingZone,
  }),
  createShippingMethod: defineRoute({
    method: 'post', path: '/v1/admin/shipping-zones/{id}/methods', tag: 'admin-shipping', access: 'staff', status: 201,
    summary: 'Add a flat or weight-based method with rates per currency and an optional free-over threshold',
    params: shipping.ZShippingZoneParams, body: shipping.ZCreateShippingMethodRequest, response: shipping.ZShippingZone,
  }),

  // ----- inventory (staff) -----
  getVariantStock: defineRoute({
    method: 'get', path: '/v1/admin/inventory/{id}', tag: 'admin-inventory', access: 'staff', status: 200,
    summary: "A variant's stock per location and its latest ledger entries",
    params: catalog.ZVariantIdParams,
    response: inventory.ZVariantStock,
  }),
  adjustStock: defineRoute({
    method: 'post', path: '/v1/admin/inventory/adjustments', tag: 'admin-inventory', access: 'staff', status: 201,
    summary: 'Receive, correct, write off or take back stock, with a reason recorded in the ledger',
    body: inventory.ZStockAdjustmentRequest,
    response: inventory.ZStockAdjustmentResponse,
  }),
  listInventory: defineRoute({
    method: 'get', path: '/v1/admin/inventory', tag: 'admin-inventory', access: 'staff', status: 200,
    summary: 'Stock levels per variant and location, lowest available first; search by title or SKU, or only low stock',
    query: inventory.ZInventoryListQuery, response: inventory.ZInventoryList,
  }),
  setLowStockThreshold: defineRoute({
    method: 'put', path: '/v1/admin/inventory/thresholds', tag: 'admin-inventory', access: 'staff', status: 200,
    summary: 'Set the available stock at or below which a variant counts as low at a location',
    body: inventory.ZLowStockThresholdRequest, response: inventory.ZStockAdjustmentResponse,
  }),

  // ----- analytics (staff) -----
  salesReport: defineRoute({
    method: 'get', path: '/v1/admin/analytics/sales', tag: 'admin-analytics', access: 'staff', status: 200,
    summary: 'Revenue, orders, average order value, the shopper funnel, daily figures and best sellers for a range of store days',
    query: analytics.ZSalesReportQuery, response: analytics.ZSalesReport,
  }),

  // ----- accounts -----
  register: defineRoute({
    method: 'post', path: '/v1/auth/register', tag: 'auth', access: 'public', status: 201,
    summary: 'Create a customer account and sign in',
    body: auth.ZRegisterRequest,
    response: auth.ZSessionResponse,
  }),
  login: defineRoute({
    method: 'post', path: '/v1/auth/login', tag: 'auth', access: 'public', status: 200,
    summary: 'Sign in with email and password (rate-limited per IP and per account)',
    body: auth.ZLoginRequest,
    response: auth.ZSessionResponse,
  }),
  refresh: defineRoute({
    method: 'post', path: '/v1/auth/refresh', tag: 'auth', access: 'public', status: 200,
    summary: 'Spend a refresh token for a new pair; replaying a spent one revokes its whole family',
    body: auth.ZRefreshRequest,
    response: auth.ZTokens,
  }),
  logout: defineRoute({
    method: 'post', path: '/v1/auth/logout', tag: 'auth', access: 'public', status: 204,
    summary: 'End the session the refresh token belongs to',
    body: auth.ZLogoutRequest,
    response: null,
  }),
  requestPasswordReset: defineRoute({
    method: 'post', path: '/v1/auth/password-reset', tag: 'auth', access: 'public', status: 202,
    summary: 'Email a reset link if the account exists (the answer is the same either way)',
    body: auth.ZPasswordResetRequest,
    response: auth.ZPasswordResetAccepted,
  }),
  confirmPasswordReset: defineRoute({
    method: 'post', path: '/v1/auth/password-reset/confirm', tag: 'auth', access: 'public', status: 204,
    summary: 'Set a new password with an emailed token; signs out every session',
    body: auth.ZPasswordResetConfirmRequest,
    response: null,
  }),
  getMe: defineRoute({
    method: 'get', path: '/v1/me', tag: 'account', access: 'customer', status: 200,
    summary: 'The signed-in user', response: auth.ZUser,
  }),
  updateMe: defineRoute({
    method: 'patch', path: '/v1/me', tag: 'account', access: 'customer', status: 200,
    summary: 'Change name or phone', body: auth.ZUpdateProfileRequest, response: auth.ZUser,
  }),
  changePassword: defineRoute({
    method: 'post', path: '/v1/me/password', tag: 'account', access: 'customer', status: 204,
    summary: 'Change password; signs out every other session', body: auth.ZChangePasswordRequest, response: null,
  }),
  listAddresses: defineRoute({
    method: 'get', path: '/v1/me/addresses', tag: 'account', access: 'customer', status: 200,
    summary: 'Saved addresses', response: auth.ZAddressList,
  }),
  createAddress: defineRoute({
    method: 'post', path: '/v1/me/addresses', tag: 'account', access: 'customer', status: 201,
    summary: 'Save an address', body: auth.ZCreateAddressRequest, response: auth.ZAddress,
  }),
  updateAddress: defineRoute({
    method: 'patch', path: '/v1/me/addresses/{id}', tag: 'account', access: 'customer', status: 200,
    summary: 'Change a saved address', params: auth.ZAddressIdParams, body: auth.ZUpdateAddressRequest,
    response: auth.ZAddress,
  }),
  deleteAddress: defineRoute({
    method: 'delete', path: '/v1/me/addresses/{id}', tag: 'account', access: 'customer', status: 204,
    summary: 'Remove a saved address', params: auth.ZAddressIdParams, response: null,
  }),
  setUserRole: defineRoute({
    method: 'put', path: '/v1/admin/users/{id}/role', tag: 'admin-users', access: 'admin', status: 200,
    summary: "Change a user's role (admins only)", params: auth.ZUserIdParams, body: auth.ZSetRoleRequest,
    response: auth.ZUser,
  }),
  listUsers: defineRoute({
    method: 'get', path: '/v1/admin/users', tag: 'admin-users', access: 'staff', status: 200,
    summary: 'Accounts, newest first, by role or searched by email or name, with their order counts',
    query: auth.ZAdminUserListQuery, response: auth.ZAdminUserList,
  }),
  createStaffUser: defineRoute({
    method: 'post', path: '/v1/admin/users', tag: 'admin-users', access: 'admin', status: 201,
    summary: 'Open an account for a member of staff or another admin (admins only)',
    body: auth.ZCreateStaffRequest, response: auth.ZUser,
  }),
} as const;

/**
 * Routes that answer with a stream instead of one JSON body. Kept apart from `routes`, so the SDK
 * does not generate a request/response method for them; it offers `subscribeEvents` instead.
 */
export const streams = {
  events: defineRoute({
    method: 'get', path: '/v1/events', tag: 'events', access: 'optional', status: 200, stream: true,
    summary:
      'Server-Sent Events: inventory.updated to everyone, cart.updated and order.updated to their owner (bearer token or ticket) or to whoever holds the cart or order id, price.updated on flash-sale start and end. Resume with Last-Event-ID.',
    query: events.ZEventsQuery,
    response: events.ZServerEvent,
  }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** Analytics: the dashboard's sales figures, funnel and best sellers, read from orders and shopper activity. */
export { AnalyticsService, STORE_TIME_ZONE, eachDay } from './analytics.service.js';

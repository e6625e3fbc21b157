/** Recommendations: the activity log, item-based collaborative filtering, and the pre-computed lists. */
export { ActivityLog, RecommendationsService, type ActivityKind, type RecommendationSettings } from './recommendations.service.js';
export { similarItems, personalList, trending, plantedDataSet, evaluate, decayed, KIND_WEIGHT } from './similarity.js';

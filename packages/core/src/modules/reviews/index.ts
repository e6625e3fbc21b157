/** Reviews: ratings and text from customers, moderated by staff. */
export { ReviewsService } from './reviews.service.js';

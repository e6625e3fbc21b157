/** Real-time events: the cross-copy event bus (Redis pub/sub) and the outbox dispatcher that feeds it. */
export { EventBus, type Audience } from './event-bus.js';
export { RealtimeDispatcher } from './realtime-dispatcher.js';

export type { Notifier, OutgoingMessage } from './notifications.port.js';
export { OfflineMailbox } from './offline-mailbox.adapter.js';
export { enqueueMessage, NotificationDispatcher } from './notification-outbox.js';

export type { Notifier, OutgoingMessage } from './notifications.port.js';
export { OfflineMailbox } from './offline-mailbox.adapter.js';

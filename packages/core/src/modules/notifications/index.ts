export type { Notifier, OutgoingMessage, PushMessage, PushSender } from './notifications.port.js';
export { OfflineMailbox } from './offline-mailbox.adapter.js';
export { enqueueMessage, enqueuePush, NotificationDispatcher, type OutgoingPush } from './notification-outbox.js';
export { NotificationsService, type Preferences } from './notifications.service.js';
export { SendGridNotifier, SmtpNotifier } from './email.adapters.js';
export { FcmPushSender, ExpoPushSender, PushRouter, PushUnavailable, type FcmServiceAccount } from './push.adapters.js';
export { renderHtml } from './templates.js';

import { subscribeEvents, type EventSubscriptionOptions, type TServerEvent } from '@tk/sdk';
import { API_URL } from './config';

export interface LiveOptions {
  cartId?: string;
  orderId?: string;
  /** The signed-in customer's events (their cart and orders) come with their token. */
  getAccessToken?: () => Promise<string | undefined>;
  onEvent: (event: TServerEvent) => void;
  onOpen?: () => void;
  onError?: (err: unknown) => void;
}

/** Browsers and Node stream a fetch response's body; React Native's fetch does not (it buffers it). */
const fetchStreams = typeof Response !== 'undefined' && 'body' in Response.prototype;

/**
 * The API's Server-Sent Events (stock, cart, order changes) with resume after a drop. Where fetch
 * can stream (web, tests) this is the SDK's own subscriber; on iOS and Android it reads the stream
 * through XMLHttpRequest's progress events, which React Native delivers as the text arrives.
 */
export function subscribeLive(options: LiveOptions): { close(): void } {
  const sub: EventSubscriptionOptions = { cartId: options.cartId, orderId: options.orderId, onEvent: options.onEvent, onOpen: options.onOpen, onError: options.onError, retryMs: 2000 };
  if (fetchStreams) return subscribeEvents({ baseUrl: API_URL, getAccessToken: options.getAccessToken }, sub);
  return subscribeWithXhr(options);
}

function subscribeWithXhr(options: LiveOptions): { close(): void } {
  let closed = false;
  let xhr: XMLHttpRequest | null = null;
  let lastEventId: number | undefined;
  const seen = new Set<number>();
  const url = new URL('/v1/events', API_URL);
  if (options.cartId) url.searchParams.set('cartId', options.cartId);
  if (options.orderId) url.searchParams.set('orderId', options.orderId);

  const connect = async () => {
    if (closed) return;
    const token = await options.getAccessToken?.();
    const request = new XMLHttpRequest();
    xhr = request;
    let read = 0;
    let buffer = '';
    request.open('GET', url.toString());
    request.setRequestHeader('accept', 'text/event-stream');
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    if (lastEventId !== undefined) request.setRequestHeader('last-event-id', String(lastEventId));
    request.onreadystatechange = () => {
      if (request.readyState === 2 && request.status === 200) options.onOpen?.();
    };
    request.onprogress = () => {
      buffer += request.responseText.slice(read);
      read = request.responseText.length;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseBlock(block);
        if (event && !seen.has(event.id)) {
          seen.add(event.id);
          lastEventId = Math.max(lastEventId ?? 0, event.id);
          options.onEvent(event);
        }
      }
    };
    const retry = () => {
      if (closed) return;
      if (request.status && request.status !== 200) options.onError?.(new Error(`The event stream answered ${request.status}`));
      setTimeout(() => void connect(), 2000);
    };
    request.onerror = retry;
    request.onload = retry; // the server ended the stream: reconnect and resume
    request.send();
  };
  void connect();
  return {
    close() {
      closed = true;
      xhr?.abort();
    },
  };
}

function parseBlock(block: string): TServerEvent | undefined {
  let id: number | undefined;
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (id === undefined || !data.length) return undefined;
  return { id, type, data: JSON.parse(data.join('\n')) } as TServerEvent;
}

import type { OutgoingMessage } from './notifications.port.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The HTML version of a message, from its text: one layout for every template, paragraphs from
 * the text, a button when the message links somewhere. Everything is escaped: order data and
 * product names never become markup.
 */
export function renderHtml(message: OutgoingMessage): string {
  const paragraphs = message.text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const url = message.data.url ?? message.data.trackingUrl;
  const button = url && /^https?:\/\//.test(url)
    ? `<p><a href="${escape(url)}" style="background:#0f766e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escape(message.data.action ?? 'Open')}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:auto;padding:24px">
<h1 style="font-size:20px">${escape(message.subject)}</h1>${paragraphs}${button}
<p style="color:#666;font-size:12px">T &amp; K · You receive this because of an order or an account with us.</p></body></html>`;
}

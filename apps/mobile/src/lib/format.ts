import type { TMoney } from '@tk/sdk';

/** LKR 4,500.00 / US$12.50: minor units formatted for people, in the shop's locale. */
export function formatMoney(money: TMoney | null | undefined): string {
  if (!money) return '—';
  return new Intl.NumberFormat('en-LK', { style: 'currency', currency: money.currency }).format(money.amount / 100);
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString('en-LK', { timeZone: 'Asia/Colombo', dateStyle: 'medium', timeStyle: 'short' });
}

/** "2h 05m 09s" left until `iso`, or null once it has passed. */
export function timeLeft(iso: string, now = Date.now()): string | null {
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h ? `${h}h ` : ''}${String(m).padStart(2, '0')}m ${String(sec).padStart(2, '0')}s`;
}

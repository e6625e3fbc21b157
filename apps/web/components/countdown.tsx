'use client';

import { useEffect, useState } from 'react';

const two = (n: number) => String(n).padStart(2, '0');

/** "Ends in 2d 04:13:09", ticking each second; the server renders the end time so it reads without JavaScript. */
export function Countdown({ endsAt }: { endsAt: string }) {
  const end = Date.parse(endsAt);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return <time dateTime={endsAt}>until {new Date(endsAt).toLocaleString('en-LK', { timeZone: 'Asia/Colombo' })}</time>;
  const left = Math.max(0, Math.floor((end - now) / 1000));
  if (left === 0) return <span>ended</span>;
  const days = Math.floor(left / 86_400);
  return (
    <time dateTime={endsAt} aria-label={`ends ${new Date(endsAt).toLocaleString('en-LK', { timeZone: 'Asia/Colombo' })}`}>
      ends in {days > 0 ? `${days}d ` : ''}
      {two(Math.floor((left % 86_400) / 3600))}:{two(Math.floor((left % 3600) / 60))}:{two(left % 60)}
    </time>
  );
}

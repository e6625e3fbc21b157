'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

/**
 * Re-renders the page from the server (no reload, no lost scroll or form input) when one of the
 * named events arrives on the shopper's own stream: the cart page follows changes made on the
 * shopper's other devices, an order page follows its payment and shipping.
 */
export function LiveRefresh({ events, order }: { events: string[]; order?: string }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'open'>('connecting');
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let dropped = false;
    const connect = () => {
      source = new EventSource(`/api/live${order ? `?order=${encodeURIComponent(order)}` : ''}`);
      for (const name of events) source.addEventListener(name, () => router.refresh());
      source.onopen = () => {
        setState('open');
        // Back after a drop: whatever changed meanwhile was not heard, so re-render once.
        if (dropped) router.refresh();
      };
      // A ticket works once, so a dropped stream is reopened by us (a fresh ticket), not by the browser.
      source.onerror = () => {
        source?.close();
        dropped = true;
        setState('connecting');
        if (!closed) retry = setTimeout(connect, 3000);
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [events, order, router]);
  return <span hidden data-live={state} />;
}

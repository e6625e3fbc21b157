'use client';

import { useEffect } from 'react';

/**
 * Keeps the availability cells of an open product page current: listens to the API's event
 * stream (same origin, see next.config.ts) and rewrites the cell of any variant whose stock
 * changed. The page works without it; this only makes it live.
 */
export function LiveStock({ variantIds }: { variantIds: string[] }) {
  useEffect(() => {
    const wanted = new Set(variantIds);
    const events = new EventSource('/v1/events');
    events.addEventListener('inventory.updated', (e) => {
      const { variantId, available } = JSON.parse((e as MessageEvent<string>).data) as { variantId: string; available: number };
      if (!wanted.has(variantId)) return;
      const cell = document.querySelector(`[data-stock="${variantId}"]`);
      if (cell) cell.textContent = available > 0 ? `${available} in stock` : 'Out of stock';
    });
    return () => events.close();
  }, [variantIds]);
  return null;
}

'use client';

import { useEffect, useId, useState } from 'react';

/**
 * The search field with suggestions as you type (product names in a native datalist, which
 * screen readers and keyboards already know). Without JavaScript it is a plain search field.
 */
export function SearchBox({ id, defaultValue = '', label }: { id: string; defaultValue?: string; label: string }) {
  const listId = useId();
  const [q, setQ] = useState(defaultValue);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) return setSuggestions([]);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal })
        .then((r) => r.json() as Promise<{ suggestions: { title: string }[] }>)
        .then((r) => setSuggestions(r.suggestions.map((s) => s.title)))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input id={id} name="q" type="search" placeholder="Search" value={q} onChange={(e) => setQ(e.target.value)} list={listId} autoComplete="off" maxLength={200} />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </>
  );
}

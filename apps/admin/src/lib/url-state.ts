import { useSearchParams } from 'react-router';

/**
 * A screen's filters kept in the URL, so a search can be bookmarked, shared and reloaded.
 * `set` changes some parameters (an empty value removes one).
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setParams(next);
  };
  return { get: (name: string) => params.get(name) ?? '', offset: Number(params.get('offset') ?? 0) || 0, set };
}

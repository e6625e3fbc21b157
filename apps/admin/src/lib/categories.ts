import type { TCategoryNode } from '@tk/sdk';

/** The category tree as one list for a <select>, each name indented by its depth. */
export function flattenCategories(nodes: TCategoryNode[], depth = 0): { id: string; label: string }[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${'— '.repeat(depth)}${n.name}` }, ...flattenCategories(n.children, depth + 1)]);
}

import { Link } from 'expo-router';
import type { TCategoryNode } from '@tk/sdk';
import { ScrollView, Text, View } from 'react-native';
import { ErrorText, Loading, OfflineBanner, colors, styles } from '../../components/ui';
import { api } from '../../lib/session';
import { useCached } from '../../lib/use-cached';

function Node({ node, depth }: { node: TCategoryNode; depth: number }) {
  return (
    <View>
      <Link href={{ pathname: '/c/[slug]', params: { slug: node.slug } }} style={[styles.line, { paddingLeft: depth * 16, color: colors.text, fontSize: depth ? 15 : 17 }]}>
        {node.name} <Text style={styles.muted}>({node.productCount})</Text>
      </Link>
      {node.children.map((child) => (
        <Node key={child.id} node={child} depth={depth + 1} />
      ))}
    </View>
  );
}

/** Every category with how many products it holds. */
export default function Categories() {
  const tree = useCached('categories', () => api.listCategories(), []);
  return (
    <ScrollView style={styles.screen}>
      <OfflineBanner visible={tree.offline} />
      <View style={styles.pad}>
        {tree.loading && !tree.data ? <Loading /> : null}
        <ErrorText error={tree.error} />
        {tree.data?.categories.filter((c) => c.productCount > 0).map((c) => (
          <Node key={c.id} node={c} depth={0} />
        ))}
      </View>
    </ScrollView>
  );
}

-- Every "name:value" a product can be filtered by (its attributes and its variants' options), kept
-- on the product so attribute filters are one GIN lookup and facets count products, not variants.
ALTER TABLE products ADD COLUMN facet_values text[] NOT NULL DEFAULT '{}';

UPDATE products p SET facet_values = coalesce((
  SELECT array_agg(DISTINCT kv) FROM (
    SELECT a.key || ':' || a.value AS kv FROM jsonb_each_text(p.attributes) a
    UNION ALL
    SELECT o.key || ':' || o.value FROM variants v CROSS JOIN LATERAL jsonb_each_text(v.options) o WHERE v.product_id = p.id
  ) s), '{}');

CREATE INDEX products_facet_values_idx ON products USING gin (facet_values);

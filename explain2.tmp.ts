import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/tk_bench_catalog' });
await c.connect();
const slug = (await c.query("select slug from products offset 30000 limit 1")).rows[0].slug;
const sql = `EXPLAIN ANALYZE SELECT p.id,
            coalesce((SELECT json_agg(json_build_object('url', i.url) ORDER BY i.position) FROM product_images i WHERE i.product_id = p.id), '[]') AS images,
            coalesce((SELECT json_agg(json_build_object('id', v.id, 'amount', vp.amount) ORDER BY v.position, v.sku)
                        FROM variants v LEFT JOIN variant_prices vp ON vp.variant_id = v.id AND vp.currency = $2
                       WHERE v.product_id = p.id), '[]') AS variants,
            coalesce((SELECT json_agg(json_build_object('id', a.id) ORDER BY length(a.path))
                        FROM categories c JOIN categories a ON c.path LIKE a.path || '%' WHERE c.id = p.category_id), '[]') AS category_path
       FROM products p WHERE p.slug = $1`;
const r = await c.query(sql, [slug, 'USD']);
console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
const ids = (await c.query("select array_agg(v.id) ids from variants v join products p on p.id=v.product_id where p.slug=$1", [slug])).rows[0].ids;
const r2 = await c.query(`EXPLAIN ANALYZE SELECT variant_id, sum(on_hand - reserved)::int AS available FROM inventory_levels WHERE variant_id = ANY($1::uuid[]) GROUP BY variant_id`, [ids]);
console.log(r2.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
await c.end();

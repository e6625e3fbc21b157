import { Link, useSearchParams } from 'react-router';
import { LoadError, Pager, SearchForm } from '../components/ui';
import { api } from '../lib/session';
import { useLoad } from '../lib/use-load';

const LIMIT = 25;

/** Every product in any status: search by title, SKU or brand, filter by status, page through. */
export function ProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (params.get('status') ?? '') as '' | 'draft' | 'published' | 'archived';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const { data, error, loading } = useLoad(() => api.listAdminProducts({ query: { q: q || undefined, status: status || undefined, limit: LIMIT, offset } }), [q, status, offset]);
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setParams(next);
  };

  return (
    <>
      <div className="title-row">
        <h1>Products</h1>
        <span className="inline">
          <Link to="/products/import-export" className="button secondary">
            Import or export CSV
          </Link>
          <Link to="/products/new" className="button">
            New product
          </Link>
        </span>
      </div>
      <SearchForm id="product-search" label="Search" initial={q} placeholder="Title, SKU or brand" onSearch={(text) => set({ q: text, offset: '' })}>
        <label htmlFor="product-status">Status</label>
        <select id="product-status" value={status} onChange={(e) => set({ status: e.target.value, offset: '' })}>
          <option value="">Any</option>
          <option value="draft">Draft</option>
          <option value="published">Published</option>
          <option value="archived">Archived</option>
        </select>
      </SearchForm>
      <LoadError error={error} />
      <table aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Status</th>
            <th scope="col">Category</th>
            <th scope="col">Variants</th>
            <th scope="col">Available</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/products/${p.id}`}>{p.title}</Link>
                {p.brand && <div className="muted">{p.brand}</div>}
              </td>
              <td>
                <span className={`badge ${p.status}`}>{p.status}</span>
              </td>
              <td>{p.category ?? '—'}</td>
              <td>{p.variantCount}</td>
              <td className={p.available === 0 ? 'error' : undefined}>{p.available}</td>
              <td>{new Date(p.updatedAt).toLocaleDateString('en-LK')}</td>
            </tr>
          ))}
          {data && !data.items.length && (
            <tr>
              <td colSpan={6}>No products match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {data && <Pager offset={offset} limit={LIMIT} total={data.total} onPage={(o) => set({ offset: o ? String(o) : '' })} />}
    </>
  );
}

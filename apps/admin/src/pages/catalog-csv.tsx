import { useState } from 'react';
import type { TCatalogCsvCheck } from '@tk/sdk';
import { fieldErrors } from '../lib/forms';
import { api } from '../lib/session';
import { CsvProblems } from './prices';

/** Products written per request: each part is one transaction, and the bar moves part by part. */
const PART_SIZE = 20;

/**
 * Products, prices and stock in and out as CSV. Export downloads the whole catalogue; import checks
 * the file first (every bad cell listed by line and column, nothing written), then writes it in
 * parts with a progress bar. A part that fails stops the import there and says how far it got.
 */
export function CatalogCsvPage() {
  const [csv, setCsv] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [check, setCheck] = useState<TCatalogCsvCheck | null>(null);
  const [problems, setProblems] = useState<[string, string][]>([]);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);

  async function exportCsv() {
    setBusy(true);
    setMessage('');
    try {
      const exported = await api.exportCatalogCsv();
      const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `catalogue-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
      setMessage(`Exported ${exported.products} products (${exported.rows} variants).`);
    } catch (err) {
      setMessage(fieldErrors(err)[''] ?? 'The export failed.');
    } finally {
      setBusy(false);
    }
  }

  async function choose(file: File | undefined) {
    setCheck(null);
    setProblems([]);
    setMessage('');
    setProgress(null);
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    setName(file.name);
    setBusy(true);
    try {
      setCheck(await api.checkCatalogCsv({ body: { csv: text } }));
    } catch (err) {
      const errors = fieldErrors(err);
      setProblems(Object.entries(errors).filter(([k]) => k.startsWith('csv')));
      if (errors['']) setMessage(errors['']);
    } finally {
      setBusy(false);
    }
  }

  async function importCsv() {
    if (!csv || !check) return;
    setBusy(true);
    setMessage('');
    let index: number | null = 0;
    let created = 0;
    let updated = 0;
    setProgress({ done: 0, total: check.products });
    try {
      while (index !== null) {
        const part = await api.importCatalogCsv({ body: { csv, part: { index, size: PART_SIZE } } });
        created += part.created;
        updated += part.updated;
        setProgress({ done: created + updated, total: part.products });
        index = part.nextIndex;
      }
      setMessage(`Imported ${name}: ${created} created, ${updated} updated.`);
      setCheck(null);
      setCsv(null);
    } catch (err) {
      const errors = fieldErrors(err);
      setProblems(Object.entries(errors).filter(([k]) => k.startsWith('csv')));
      setMessage(`Stopped after ${created + updated} of ${check.products} products (${created} created, ${updated} updated): ${errors[''] ?? 'see the problems below'}. Fix the file and import it again; products already written are updated, not duplicated.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Import and export</h1>
      <section>
        <h2>Export</h2>
        <p>Every product and variant with its prices and stock on hand, one row per variant, ready for a spreadsheet.</p>
        <button type="button" onClick={exportCsv} disabled={busy}>
          Download the catalogue CSV
        </button>
      </section>
      <section>
        <h2>Import</h2>
        <p className="muted">
          Columns: <code>handle, title, status, brand, category, description, sku, variant_title, options, weight_grams, price_LKR, price_USD, price_EUR, price_GBP, stock, stock_exported</code>. Only handle, title and sku are required; a
          product's rows share its handle, and its fields come from its first row. Options read <code>Size=M; Colour=Red</code>, prices <code>1250.00</code>. An empty cell leaves an existing value
          alone. An exported file remembers the stock it was made with: an unchanged stock cell leaves today's stock as it is, and a new count
          is refused if stock moved since (export again). A handle that exists updates that product; a new one creates it.
        </p>
        <label htmlFor="catalog-csv">Catalogue CSV</label> <input id="catalog-csv" type="file" accept=".csv,text/csv" onChange={(e) => choose(e.target.files?.[0])} disabled={busy} />
        {busy && !progress && <p role="status">Checking the file…</p>}
        {check && !progress && (
          <div role="status">
            <p>
              {name}: {check.rows} rows, {check.products} products — {check.creates} to create, {check.updates} to update. Nothing has been written yet.
            </p>
            <button type="button" onClick={importCsv} disabled={busy}>
              Import {check.products} products
            </button>
          </div>
        )}
        {progress && (
          <div className="progress">
            <label htmlFor="import-progress">
              Imported {progress.done} of {progress.total} products
            </label>
            <progress id="import-progress" max={progress.total} value={progress.done} />
          </div>
        )}
        {message && <p role="status">{message}</p>}
        {problems.length > 0 && <CsvProblems errors={problems} />}
      </section>
    </>
  );
}

import { ApiError } from '@tk/sdk';
import { type ReactNode, useState } from 'react';

/** A labelled input with the API's message for it underneath, tied together for screen readers. */
export function Field({ label, name, error, children, hint }: { label: string; name: string; error?: string; children: ReactNode; hint?: string }) {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small className="hint">{hint}</small>}
      {error && (
        <small className="field-error" id={`${id}-error`} role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The id and aria attributes an input inside <Field> needs. */
export function inputProps(name: string, error?: string) {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return { id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
}

export function FormError({ errors }: { errors: Record<string, string> }) {
  const general = errors[''];
  const count = Object.keys(errors).filter((k) => k !== '').length;
  if (!general && !count) return null;
  return (
    <p className="error" role="alert">
      {general ?? `Please correct the ${count === 1 ? 'field' : `${count} fields`} marked below.`}
    </p>
  );
}

export function LoadError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error instanceof ApiError ? error.message : 'The API is not reachable.'}
    </p>
  );
}

/** Previous / next for offset-paginated tables. */
export function Pager({ offset, limit, total, onPage }: { offset: number; limit: number; total: number; onPage: (offset: number) => void }) {
  if (total <= limit) return <p className="muted">{total} in all</p>;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span>
        {offset + 1}–{Math.min(offset + limit, total)} of {total}
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

/** Destructive actions ask first. */
export function confirmAction(message: string): boolean {
  return window.confirm(message);
}

/**
 * A table's search box: the typed text is sent on submit (not on every key), so each search is one
 * request and one URL change. Extra filters go in as children, before the button.
 */
export function SearchForm({ id, label, initial, onSearch, placeholder, children }: { id: string; label: string; initial: string; onSearch: (q: string) => void; placeholder?: string; children?: ReactNode }) {
  const [typed, setTyped] = useState(initial);
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(typed.trim());
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={placeholder} />
      {children}
      <button type="submit">Search</button>
    </form>
  );
}

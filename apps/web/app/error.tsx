'use client';

/** Anything unexpected: an apology and a way on, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main>
      <h1>Something went wrong</h1>
      <p>We could not show this page just now. Please try again in a moment.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>{' '}
      <a href="/">Back to the shop</a>
    </main>
  );
}

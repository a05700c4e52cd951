"use client";

/** The error state of an operator page: says so, without internals, and offers a retry. */
export function OperatorPageError({ what, reset }: { what: string; reset: () => void }) {
  return (
    <section className="card" role="alert">
      <h1>{what} could not be loaded</h1>
      <p>Something went wrong on our side. Try again in a moment.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}

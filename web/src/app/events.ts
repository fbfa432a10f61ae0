// React calls an event handler and drops what it returns, so an async handler's failure would surface only as
// an unhandled rejection. Handlers catch what they expect (a refusal is shown in the form); this logs the rest.

/** Lets an event handler start async work: a failure the work did not catch itself is logged, not lost. */
export function handled(work: Promise<void>): void {
  work.catch((error: unknown) => console.error(error));
}

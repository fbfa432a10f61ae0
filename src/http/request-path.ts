// What of a request's path may be repeated back (in problem details) or written to the log: never the
// query (a search for a child's name is personal data), never the secrets that links to recipients and
// screens carry in their path, and nothing over-long (an over-long path is an attack or a mistake, and
// repeating it back only amplifies it).

/** Paths longer than this are not repeated at all. */
export const MAX_ECHOED_PATH_LENGTH = 200;

/** The path without its query, and without the secrets that links to recipients carry in their path. */
export function redactPath(url: string): string {
  return url
    .split('?')[0]!
    .replace(/^(\/alerts\/(?:confirm|manage|unsubscribe)\/[^/]+)\/[^/]+/, '$1/…')
    .replace(/^(\/screens)\/[^/]+/, '$1/…');
}

/** The path to name in a problem's `instance`, or undefined when it must not be repeated. */
export function echoablePath(url: string): string | undefined {
  const path = redactPath(url);
  return path.length <= MAX_ECHOED_PATH_LENGTH ? path : undefined;
}

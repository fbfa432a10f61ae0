// Server-sent events (the text/event-stream format of the HTML standard), written the same way for every
// live view: the console's dispatch progress and triage queue, and partners' screens.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Starts a stream; `extraHeaders` adds to (or overrides) the headers every stream sends. */
export function openEventStream(response: ServerResponse, extraHeaders: OutgoingHttpHeaders = {}): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Proxies such as nginx would otherwise hold the events back in a buffer.
    'X-Accel-Buffering': 'no',
    ...extraHeaders,
  });
}

/** One named event whose data is a single line (JSON never holds a raw line break). */
export function eventText(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

/** How long a browser waits before it reconnects a dropped stream. */
export function retryText(milliseconds: number): string {
  return `retry: ${milliseconds}\n\n`;
}

/** A comment line: ignored by browsers, it keeps idle connections from being closed by proxies. */
export function commentText(comment: string): string {
  return `: ${comment}\n\n`;
}

/** Writes unless the stream has already ended (a client that left, or a stream closed by the server). */
export function writeEvent(response: ServerResponse, text: string): void {
  if (!response.writableEnded) response.write(text);
}

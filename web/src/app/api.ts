// The console's one way to the JSON API: the session cookie goes with every request, writes carry the
// CSRF token given at sign-in, and errors arrive as RFC 9457 problems turned into `ApiError`.
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** JSON Pointer to the field at fault, when the server names one. */
  pointer?: string;
  errors?: ProblemEntry[];
}

/** One refused field: where (JSON Pointer), the API's sentence, and its stable code with any figures. */
export interface ProblemEntry {
  pointer?: string;
  detail?: string;
  code?: string;
  limit?: number;
  allowed?: string[];
  format?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/** Called when the server says the session is over, so the console can show the sign-in page. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T = unknown>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', ...headers } };
  if (method !== 'GET') (init.headers as Record<string, string>)['x-csrf-token'] = csrfToken;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, init);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem: Problem = typeof payload === 'object' && payload ? payload : { title: String(payload) };
    if (response.status === 401 && !path.startsWith('/auth/')) onSignedOut();
    throw new ApiError(response.status, problem);
  }
  return payload as T;
}

export const get = <T>(path: string, headers?: Record<string, string>) => api<T>('GET', path, undefined, headers);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('POST', path, body, headers);
export const patch = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>('PATCH', path, body, headers);
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Server-sent events from the API (same origin, cookie sent); returns a function that closes the stream. */
export function subscribe(path: string, onEvent: (event: string, data: unknown) => void, events: string[] = ['message']): () => void {
  const source = new EventSource(`/api/v1${path}`, { withCredentials: true });
  for (const name of events) {
    source.addEventListener(name, (e) => {
      const text = (e as MessageEvent<string>).data;
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        /* plain text event */
      }
      onEvent(name, data);
    });
  }
  return () => source.close();
}

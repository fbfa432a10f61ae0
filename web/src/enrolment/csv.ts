// Sending a CSV file to the import route: the body is the file itself (text/csv), not JSON, so this goes
// round the JSON helper, with the same cookie, CSRF header and problem handling.
import { ApiError, type Problem } from '../app/api.ts';
import type { ImportMode, ImportResult } from './types.ts';

export async function uploadRecipients(file: Blob, mode: ImportMode, csrfToken: string): Promise<ImportResult> {
  const response = await fetch(`/api/v1/enrolment/recipients/import?mode=${mode}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8', 'x-csrf-token': csrfToken },
    body: file,
  });
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem: Problem = typeof payload === 'object' && payload ? payload : { title: String(payload) };
    throw new ApiError(response.status, problem);
  }
  return payload as ImportResult;
}

/** An example file people can start from: every column, each kind of area, with this instance's own area codes. */
export function exampleCsv(areas: { code: string; kind: string }[]): string {
  const force = areas.find((a) => a.kind === 'force_area')?.code ?? 'force-area-code';
  return (
    [
      'external_ref,channel,address,area,language,exercises,label',
      `depot-0001,email,duty.manager@example.org,${force},en,no,Depot duty manager`,
      'handheld-12345,sms,+447911123456,"52.41,-4.08",cy,no,Handheld 12345',
      `intranet,webhook,https://intranet.example.org/hooks/alerts,${force},en,yes,Intranet banner`,
      'van-77,sms,+447400123456,87195e712ffffff,en,no,Van 77',
    ].join('\r\n') + '\r\n'
  );
}

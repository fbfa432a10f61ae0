// The field a problem names (by JSON Pointer, e.g. "/body/url"), to show its message beside that field.
import { ApiError } from '../app/api.ts';

export function fieldError(error: unknown, pointer: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const match = error.problem.errors?.find((e) => e.pointer === pointer || e.pointer?.startsWith(`${pointer}/`));
  return match?.detail ?? undefined;
}

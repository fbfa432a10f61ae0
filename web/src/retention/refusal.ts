// A refusal the API explains in its own English sentence, said again in the officer's words: the heading still
// comes from its kind (conflict, not found), as for every other refusal in the console (app/ui.tsx).
import { ApiError } from '../app/api.ts';

export function inOwnWords(error: ApiError, detail: string): ApiError {
  return new ApiError(error.status, { ...error.problem, detail, errors: [] });
}

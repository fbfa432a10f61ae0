// What the enrolment API answers, typed by its own schemas (src/enrolment/schemas.ts), and what the
// console adds.
import type { ImportQuery } from '../../../src/enrolment/schemas.ts';

export type {
  AreaRequest,
  ImportResult,
  RecipientList,
  RowError,
  ScreenView as Screen,
  WebhookView as Webhook,
} from '../../../src/enrolment/schemas.ts';
export type ImportMode = ImportQuery['mode'];

export interface AreaChoice {
  code: string;
  name: string;
  kind: string;
}

/** The languages recipients, webhooks and screens may be given (the public site's). */
export const RECIPIENT_LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ar', 'ur', 'uk', 'pa', 'bn', 'so', 'fr', 'lt', 'pt', 'es'] as const;

// Request validation. Bodies are checked strictly (no type coercion, unknown fields refused);
// query strings and path parameters arrive as text, so there numbers and booleans are coerced.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { isCalendarDate, parseInstant } from './dates.ts';

// ajv-formats is CommonJS; its default export sits one level down under ESM.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

// Dates a person could mean, read by the one date helper: ajv's own formats accept year 0, which
// PostgreSQL refuses (a 500, not a 400), and JavaScript turns 30 February into 2 March.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const isDateTime = (text: string) => DATE_TIME.test(text) && parseInstant(text) !== undefined;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  return ajv;
}

export function schemaValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const bodies = makeAjv({ coerceTypes: false });
  const textParts = makeAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodies : textParts;
    return ajv.compile(schema as object);
  };
}

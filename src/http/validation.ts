// Request validation. Bodies are checked strictly (no type coercion, unknown fields refused);
// query strings and path parameters arrive as text, so there numbers and booleans are coerced.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export sits one level down under ESM.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats(ajv);
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

// Reading an organisation's recipient list: a CSV with a header row, streamed through csv-parse and checked
// row by row. Nothing is written here; the caller decides from the errors what, if anything, to import.
import { Transform, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { Problem } from '../http/problem.ts';
import { checkEmail, checkExternalRef, checkLanguage, checkMobileNumber, checkWebhookUrl, checkYesNo, type Checked } from './addresses.ts';
import type { CellIds } from './areas.ts';
import { MAX_LABEL_LENGTH, MAX_REPORTED_ERRORS } from './limits.ts';

export const CSV_COLUMNS = ['external_ref', 'channel', 'address', 'area', 'language', 'exercises', 'label'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['external_ref', 'channel', 'address', 'area'];

/** The body limit of the import route, and the most rows one import may hold. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 250_000;
/** subscriber_cells rows one import may write: a file that gives every row a whole county is refused. */
export const MAX_IMPORT_CELLS = 2_000_000;
// A quote left open would otherwise swallow the rest of the file into one field.
const MAX_RECORD_CHARS = 64 * 1024;

/** Channels a file may enrol: push needs the recipient's own browser to subscribe. */
export type ImportChannel = 'email' | 'sms' | 'webhook';

export interface RowError {
  /** The line of the file the row ends on (a quoted field may span lines); 1 is the header. */
  line: number;
  column: CsvColumn | null;
  message: string;
}

export interface ImportRow {
  line: number;
  externalRef: string;
  channel: ImportChannel;
  address: string;
  /** Shared between rows that name the same area. */
  cellIds: CellIds;
  language: string;
  includeExercises: boolean;
  label: string | null;
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Rows refused, each counted once however many of its fields are wrong. */
  rejected: number;
  /** The first MAX_REPORTED_ERRORS problems, in file order. */
  errors: RowError[];
}

export type AreaResolver = (text: string) => Checked<CellIds> | Promise<Checked<CellIds>>;

// The parser's own messages quote the field's text; these say what to do instead.
const CSV_SYNTAX: Partial<Record<string, string>> = {
  INVALID_OPENING_QUOTE:
    'has a quote (") inside a field that does not start with one: put the field in quotes and double the quote inside it ("")',
  CSV_INVALID_CLOSING_QUOTE: 'has a quote (") inside a quoted field: double it ("")',
  CSV_QUOTE_NOT_CLOSED: 'opens a quote (") that is never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'has a different number of fields from the header',
  CSV_MAX_RECORD_SIZE: 'is too long',
};

/** A refusal of the whole file (its header, its syntax, its size), with the problems found. */
function fileRefused(detail: string, errors: RowError[] = [], status = 422): Problem {
  return new Problem(status, status === 413 ? 'too-large' : 'csv-invalid', 'The file was refused', detail, {
    errors: errors.map(asFieldError),
  });
}

/** Row errors in problem+json: the usual pointer and detail, and the line and column they come from. */
export function asFieldError(error: RowError) {
  return {
    pointer: `/body/line/${error.line}${error.column ? `/${error.column}` : ''}`,
    detail: error.column ? `${error.column} ${error.message}` : error.message,
    line: error.line,
    column: error.column,
    message: error.message,
  };
}

/**
 * Counts the bytes against the limit, and turns CRLF into LF: csv-parse counts a CRLF inside a quoted field
 * as two lines, which would put every later error on the wrong line. (Byte-safe: CR and LF never occur
 * inside a multi-byte UTF-8 character.)
 */
function limitAndNormalise(maxBytes: number): Transform {
  let seen = 0;
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes)
        return done(fileRefused(`The file is larger than ${maxBytes / 1024 / 1024} MB; split it into several imports.`, [], 413));
      let text = (pendingCr ? '\r' : '') + chunk.toString('latin1');
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      done(null, Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
    },
    flush(done) {
      done(null, pendingCr ? Buffer.from('\r') : null);
    },
  });
}

function readHeader(record: string[], line: number): Map<CsvColumn, number> {
  const errors: RowError[] = [];
  const positions = new Map<CsvColumn, number>();
  record.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      errors.push({
        line,
        column: null,
        message: `"${raw.slice(0, 50)}" is not a known column; the columns are ${CSV_COLUMNS.join(', ')}`,
      });
    } else if (positions.has(name as CsvColumn)) {
      errors.push({ line, column: name as CsvColumn, message: 'appears twice in the header' });
    } else {
      positions.set(name as CsvColumn, index);
    }
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!positions.has(column)) errors.push({ line, column, message: 'is a required column and is missing from the header' });
  }
  if (errors.length > 0) throw fileRefused(errors[0]!.message, errors);
  return positions;
}

function checkAddress(channel: ImportChannel, text: string): Checked {
  if (text.trim() === '') return { ok: false, message: 'is required' };
  if (channel === 'email') return checkEmail(text);
  if (channel === 'sms') return checkMobileNumber(text);
  return checkWebhookUrl(text);
}

function checkChannel(text: string): Checked<ImportChannel> {
  const value = text.trim().toLowerCase();
  if (value === 'email' || value === 'sms' || value === 'webhook') return { ok: true, value };
  if (value === 'push') return { ok: false, message: 'cannot be push: web push needs the recipient to subscribe in their own browser' };
  return { ok: false, message: 'must be email, sms or webhook' };
}

/**
 * Reads and checks every row of a recipient CSV. Throws a Problem (422, or 413 past `maxBytes`) when the
 * file as a whole cannot be read: no header, an unknown column, broken quoting, too many rows.
 */
export async function readRecipientCsv(
  source: Readable,
  resolveArea: AreaResolver,
  maxBytes: number = MAX_IMPORT_BYTES,
): Promise<ParsedImport> {
  // relax_quotes: a quote inside a field that does not start with one is part of its text (a label may
  // hold one), so the row is judged on its own fields and reported like any other bad row.
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const limited = source.pipe(limitAndNormalise(maxBytes));
  source.on('error', (error) => limited.destroy(error));
  limited.on('error', (error) => parser.destroy(error));
  limited.pipe(parser);

  let header: Map<CsvColumn, number> | undefined;
  let headerLength = 0;
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  let rejected = 0;
  let cellCount = 0;
  const firstLineOf = new Map<string, number>();
  // A file uses a handful of languages: each is checked once.
  const languages = new Map<string, Checked>();

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = readHeader(record, line);
        headerLength = record.length;
        continue;
      }
      if (rows.length + rejected >= MAX_IMPORT_ROWS) {
        throw fileRefused(`The file has more than ${MAX_IMPORT_ROWS} rows; split it into several imports.`, [
          { line, column: null, message: 'is past the last row one import may hold' },
        ]);
      }
      const rowErrors: RowError[] = [];
      const fail = (column: CsvColumn | null, message: string) => rowErrors.push({ line, column, message });
      // Asked afresh each time: every check may have failed the row.
      const rowClean = () => rowErrors.length === 0;
      const field = (column: CsvColumn): string => {
        const index = header!.get(column);
        return index === undefined ? '' : (record[index] ?? '');
      };

      if (record.length !== headerLength) fail(null, `has ${record.length} fields; the header has ${headerLength}`);
      for (const column of header.keys()) {
        // PostgreSQL text cannot hold NUL.
        if (field(column).includes('\u0000')) fail(column, 'contains a NUL character');
      }
      if (rowClean()) {
        const ref = checkExternalRef(field('external_ref'));
        if (!ref.ok) fail('external_ref', ref.message);
        else if (firstLineOf.has(ref.value))
          fail('external_ref', `"${ref.value.slice(0, 50)}" appears again (first on line ${firstLineOf.get(ref.value)})`);
        else firstLineOf.set(ref.value, line);

        const channel = checkChannel(field('channel'));
        if (!channel.ok) fail('channel', channel.message);
        const address = channel.ok ? checkAddress(channel.value, field('address')) : undefined;
        if (address && !address.ok) fail('address', address.message);

        const languageText = field('language').trim();
        let language = languages.get(languageText);
        if (!language) {
          language = languageText === '' ? { ok: true, value: 'en' } : checkLanguage(languageText);
          languages.set(languageText, language);
        }
        if (!language.ok) fail('language', language.message);
        const exercises = checkYesNo(field('exercises'));
        if (!exercises.ok) fail('exercises', exercises.message);
        const label = field('label').trim();
        if (label.length > MAX_LABEL_LENGTH) fail('label', `is longer than ${MAX_LABEL_LENGTH} characters`);

        const resolving = resolveArea(field('area'));
        const area = resolving instanceof Promise ? await resolving : resolving;
        if (!area.ok) fail('area', area.message);
        else if (rowClean() && cellCount + area.value.length > MAX_IMPORT_CELLS) {
          fail('area', `would take the import past ${MAX_IMPORT_CELLS} area cells in all; give smaller areas or split the file`);
        }

        if (rowClean() && ref.ok && channel.ok && address?.ok && language.ok && exercises.ok && area.ok) {
          cellCount += area.value.length;
          rows.push({
            line,
            externalRef: ref.value,
            channel: channel.value,
            address: address.value,
            cellIds: area.value,
            language: language.value,
            includeExercises: exercises.value,
            label: label === '' ? null : label,
          });
        }
      }
      if (rowErrors.length > 0) {
        rejected++;
        for (const error of rowErrors) if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
      }
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    // Every error of the parser is a refusal of the file with the row (and column, once the header is read)
    // it stopped at; not all of their codes start with CSV_ (INVALID_OPENING_QUOTE did not, and was a 500).
    if (error instanceof CsvError) {
      const csvError = error as CsvError & { lines?: number; index?: number };
      const line = csvError.lines ?? 0;
      const column =
        header && typeof csvError.index === 'number' ? ([...header].find(([, index]) => index === csvError.index)?.[0] ?? null) : null;
      const message = CSV_SYNTAX[csvError.code] ?? 'is not valid CSV';
      throw fileRefused(`The file is not valid CSV near line ${line}: the row ${message}.`, [{ line, column, message }]);
    }
    throw error;
  }
  if (!header) throw fileRefused('The file is empty: it needs a header row naming its columns, then one row per recipient.');
  return { rows, rejected, errors };
}

// PFIF 1.4 (People Finder Interchange Format): the field lists in the standard's order, writing documents,
// and reading them (versions 1.1 to 1.4, older field names renamed to 1.4's). Reading is defensive: a
// document type declaration (entities, external references) is refused outright, and records come back
// one by one with what is wrong with each, so one bad record never stops the rest.
import { XMLParser } from 'fast-xml-parser';

export const PFIF_NS = 'http://zesty.ca/pfif/1.4';
const READABLE_NS = ['http://zesty.ca/pfif/1.1', 'http://zesty.ca/pfif/1.2', 'http://zesty.ca/pfif/1.3', PFIF_NS];

export const PERSON_FIELDS = [
  'person_record_id',
  'entry_date',
  'expiry_date',
  'author_name',
  'author_email',
  'author_phone',
  'source_name',
  'source_date',
  'source_url',
  'full_name',
  'given_name',
  'family_name',
  'alternate_names',
  'description',
  'sex',
  'date_of_birth',
  'age',
  'home_street',
  'home_neighborhood',
  'home_city',
  'home_state',
  'home_postal_code',
  'home_country',
  'photo_url',
  'profile_urls',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export const NOTE_FIELDS = [
  'note_record_id',
  'person_record_id',
  'linked_person_record_id',
  'entry_date',
  'author_name',
  'author_email',
  'author_phone',
  'source_date',
  'author_made_contact',
  'status',
  'email_of_found_person',
  'phone_of_found_person',
  'last_known_location',
  'text',
  'photo_url',
] as const;
export type NoteField = (typeof NOTE_FIELDS)[number];

/** Fields never sent to any partner, whatever it is granted: home addresses and the contacts of whoever reported. */
export const NEVER_SENT: ReadonlySet<string> = new Set([
  'author_email',
  'author_phone',
  'home_street',
  'home_neighborhood',
  'home_city',
  'home_state',
  'home_postal_code',
  'email_of_found_person',
  'phone_of_found_person',
  'last_known_location',
]);

/** The person fields a partner may be granted; the record id, dates and full name always go (PFIF requires them). */
export { GRANTABLE_PERSON_FIELDS } from './fields.ts';
export const ALWAYS_SENT: ReadonlySet<string> = new Set(['person_record_id', 'entry_date', 'expiry_date', 'source_date', 'full_name']);

export const NOTE_STATUSES = ['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead'] as const;

const RENAMED: Record<string, string> = {
  first_name: 'given_name',
  last_name: 'family_name',
  other: 'description',
  found: 'author_made_contact',
};

export type PfifRecord = Record<string, string>;

/** A UTC time as PFIF writes it: whole seconds, "Z". */
export function pfifDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot hold are dropped rather than sent.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function writeFields(order: readonly string[], record: PfifRecord, indent: string): string {
  return order
    .filter((field) => record[field] !== undefined && record[field] !== '')
    .map((field) => `${indent}<pfif:${field}>${escapeXml(record[field]!)}</pfif:${field}>\n`)
    .join('');
}

/** A PFIF 1.4 document of top-level person or note records, fields in the standard's order. */
export function writePfifDocument(kind: 'person' | 'note', records: readonly PfifRecord[]): string {
  const order = kind === 'person' ? PERSON_FIELDS : NOTE_FIELDS;
  const body = records.map((record) => `  <pfif:${kind}>\n${writeFields(order, record, '    ')}  </pfif:${kind}>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${PFIF_NS}">\n${body}</pfif:pfif>\n`;
}

export interface ParsedRecord {
  kind: 'person' | 'note';
  /** Its position in the document, for reports about a record without a usable id. */
  index: number;
  fields: PfifRecord;
}

export class PfifDocumentError extends Error {}

type XmlNode = Record<string, unknown>;

function localName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** The PFIF namespace prefixes a node declares ("" for a default namespace). */
function pfifPrefixes(node: XmlNode, inherited: ReadonlySet<string>): Set<string> {
  const prefixes = new Set(inherited);
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('@_xmlns') || typeof value !== 'string') continue;
    const prefix = key === '@_xmlns' ? '' : key.slice('@_xmlns:'.length);
    if (READABLE_NS.includes(value)) prefixes.add(prefix);
    else prefixes.delete(prefix);
  }
  return prefixes;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return textOf((value as XmlNode)['#text']);
  if (value && typeof value === 'object' && Object.keys(value).every((key) => key.startsWith('@_'))) return '';
  return undefined;
}

function readFields(node: XmlNode, prefixes: ReadonlySet<string>, kind: 'person' | 'note'): { fields: PfifRecord; notes: XmlNode[] } {
  const fields: PfifRecord = {};
  const notes: XmlNode[] = [];
  const known: readonly string[] = kind === 'person' ? PERSON_FIELDS : NOTE_FIELDS;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    const { prefix, local } = localName(key);
    if (!prefixes.has(prefix)) continue;
    const name = RENAMED[local] ?? local;
    if (kind === 'person' && local === 'note') {
      notes.push(...(Array.isArray(value) ? value : [value]).filter((n): n is XmlNode => typeof n === 'object' && n !== null));
      continue;
    }
    if (!known.includes(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    const text = textOf(values[0]);
    // A field given twice, or holding elements, is not something we can read as the sender meant it.
    fields[name] = values.length > 1 || text === undefined ? '\u0000invalid' : text.trim();
  }
  return { fields, notes };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay text: "007" is an id, not a number.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: () => false,
});

/** Reads a PFIF 1.1–1.4 document into its person and note records (notes inside a person take its id). */
export function parsePfifDocument(xml: string): ParsedRecord[] {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new PfifDocumentError('document type declarations are not accepted');
  let tree: XmlNode;
  try {
    tree = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new PfifDocumentError(`not well-formed XML: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}`);
  }
  const rootKey = Object.keys(tree).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  const root = rootKey === undefined ? undefined : tree[rootKey];
  if (rootKey === undefined || localName(rootKey).local !== 'pfif' || typeof root !== 'object' || root === null) {
    throw new PfifDocumentError('the root element is not pfif');
  }
  const prefixes = pfifPrefixes(root as XmlNode, new Set());
  if (!prefixes.has(localName(rootKey).prefix)) throw new PfifDocumentError('the root element is not in a PFIF namespace (1.1 to 1.4)');
  const records: ParsedRecord[] = [];
  for (const [key, value] of Object.entries(root as XmlNode)) {
    const { prefix, local } = localName(key);
    if (key.startsWith('@_') || !prefixes.has(prefix) || (local !== 'person' && local !== 'note')) continue;
    for (const node of Array.isArray(value) ? value : [value]) {
      if (typeof node !== 'object' || node === null) continue;
      const own = pfifPrefixes(node as XmlNode, prefixes);
      const { fields, notes } = readFields(node as XmlNode, own, local);
      records.push({ kind: local, index: records.length, fields });
      for (const note of notes) {
        const noteFields = readFields(note, pfifPrefixes(note, own), 'note').fields;
        if (fields.person_record_id !== undefined) noteFields.person_record_id = fields.person_record_id;
        records.push({ kind: 'note', index: records.length, fields: noteFields });
      }
    }
  }
  return records;
}

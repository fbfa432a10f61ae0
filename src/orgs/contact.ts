// An organisation's contact: who answers about one of its children, by telephone and email. Checked here for
// the API and the command line alike (the API's schema says the same, for its document and its early refusal).
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { invalid } from '../http/problem.ts';
import { CONTACT_PHONE_PATTERN, type OrganisationContact } from './schemas.ts';

export const NO_CONTACT: OrganisationContact = { desk: null, phone: null, email: null };

const PHONE = new RegExp(CONTACT_PHONE_PATTERN);
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

type ContactRow = Row<'organisations', 'contact_desk' | 'contact_phone' | 'contact_email'>;

export const contactOf = (row: ContactRow): OrganisationContact => ({
  desk: row.contact_desk,
  phone: row.contact_phone,
  email: row.contact_email,
});

/** Blank means none; otherwise trimmed and checked, refused with the field's pointer under `pointer`. */
function field(value: string | null, check: (text: string) => boolean, pointer: string, what: string): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (!check(text)) throw invalid(pointer, what);
  return text;
}

/** The contact after `change` (a field left out stays, null or blank clears it), checked. */
export function changedContact(
  current: OrganisationContact,
  change: Partial<OrganisationContact>,
  pointer = '/body/contact',
): OrganisationContact {
  const next = { ...current, ...change };
  return {
    desk: field(next.desk, (text) => text.length <= 200, `${pointer}/desk`, 'the desk is at most 200 characters'),
    phone: field(
      next.phone,
      (text) => PHONE.test(text),
      `${pointer}/phone`,
      'the telephone number is digits, spaces, brackets and dashes, with "+" for the country',
    ),
    email: field(next.email, (text) => text.length <= 254 && EMAIL.test(text), `${pointer}/email`, 'the email address is not one'),
  };
}

/** The contacts of the organisations with these codes, by code (those without one as NO_CONTACT). */
export async function contactsByOrganisationCode(db: Queryable, codes: readonly string[]): Promise<Map<string, OrganisationContact>> {
  const contacts = new Map<string, OrganisationContact>();
  if (codes.length === 0) return contacts;
  const { rows } = await db.query<Row<'organisations', 'code'> & ContactRow>(
    sql`SELECT code, contact_desk, contact_phone, contact_email FROM organisations WHERE code = ANY(${[...new Set(codes)]}::text[])`,
  );
  for (const row of rows) contacts.set(row.code, contactOf(row));
  return contacts;
}

// Wording templates: an organisation's standard instruction and contact lines, offered when a draft is written.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { conflict } from '../http/problem.ts';
import { organisationCodeOf } from '../orgs/store.ts';

export type TemplateRow = Row<'alert_templates', 'id' | 'name' | 'language' | 'instruction' | 'contact'> & { organisation_code: string };

export interface NewTemplate {
  name: string;
  language: string;
  instruction: string;
  contact: string;
}

export async function listAlertTemplates(db: Queryable, organisationId: string): Promise<TemplateRow[]> {
  // An organisation that does not exist has no templates (as the join with it once said).
  const organisationCode = await organisationCodeOf(db, organisationId);
  if (organisationCode === undefined) return [];
  const { rows } = await db.query<Omit<TemplateRow, 'organisation_code'>>(
    sql`SELECT id, name, language, instruction, contact FROM alert_templates WHERE organisation_id = ${organisationId} ORDER BY name, language`,
  );
  return rows.map((row) => ({ ...row, organisation_code: organisationCode }));
}

/** Adds a template to the actor's organisation (audited); one name per language. Returns its id. */
export async function createAlertTemplate(db: Database, actor: Actor, template: NewTemplate, now: Date): Promise<string> {
  return db.transaction(async (tx) => {
    const existing = await tx.query(
      sql`SELECT 1 FROM alert_templates WHERE organisation_id = ${actor.organisationId} AND name = ${template.name} AND language = ${template.language}`,
    );
    if (existing.rowCount > 0) throw conflict(`A template "${template.name}" in ${template.language} already exists.`);
    const { rows } = await tx.query<Row<'alert_templates', 'id'>>(
      sql`INSERT INTO alert_templates (organisation_id, name, language, instruction, contact, created_by, created_at)
          VALUES (${actor.organisationId}, ${template.name}, ${template.language}, ${template.instruction}, ${template.contact}, ${actor.userId}, ${now}) RETURNING id`,
    );
    const id = rows[0]!.id;
    await appendAudit(tx, { ...auditActor(actor), action: 'alert_template.created', subjectType: 'alert_template', subjectId: id }, now);
    return id;
  });
}

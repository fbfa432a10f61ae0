// Wording templates: an organisation's standard instruction and contact lines, offered when a draft is written.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../db/database.ts';
import { conflict } from '../http/problem.ts';

export interface TemplateRow {
  id: string;
  name: string;
  language: string;
  instruction: string;
  contact: string;
  organisation_code: string;
}

export interface NewTemplate {
  name: string;
  language: string;
  instruction: string;
  contact: string;
}

export async function listAlertTemplates(db: Queryable, organisationId: string): Promise<TemplateRow[]> {
  const { rows } = await db.query<TemplateRow>(
    `SELECT t.id, t.name, t.language, t.instruction, t.contact, o.code AS organisation_code FROM alert_templates t JOIN organisations o ON o.id = t.organisation_id
      WHERE t.organisation_id = $1 ORDER BY t.name, t.language`,
    [organisationId],
  );
  return rows;
}

/** Adds a template to the actor's organisation (audited); one name per language. Returns its id. */
export async function createAlertTemplate(db: Database, actor: Actor, template: NewTemplate, now: Date): Promise<string> {
  return db.transaction(async (tx) => {
    const existing = await tx.query('SELECT 1 FROM alert_templates WHERE organisation_id = $1 AND name = $2 AND language = $3', [actor.organisationId, template.name, template.language]);
    if (existing.rowCount > 0) throw conflict(`A template "${template.name}" in ${template.language} already exists.`);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO alert_templates (organisation_id, name, language, instruction, contact, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [actor.organisationId, template.name, template.language, template.instruction, template.contact, actor.userId, now],
    );
    const id = rows[0]!.id;
    await appendAudit(tx, { ...auditActor(actor), action: 'alert_template.created', subjectType: 'alert_template', subjectId: id }, now);
    return id;
  });
}

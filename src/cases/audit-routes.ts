// Reading the audit trail of a case (itself an audited read). It lives with the cases, whose reach decides who
// may read it, so that the audit log depends on no domain.
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit, auditForSubject } from '../audit/audit-log.ts';
import { requireCase } from './actions.ts';

const AuditEntryView = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const CaseAuditParams = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
const CaseAuditQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export function registerCaseAuditRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'clock'>): void {
  app.get(
    '/api/v1/cases/:caseId/audit',
    {
      config: { access: 'case:audit' },
      schema: {
        tags: ['audit'],
        summary: 'Who read or changed a case, newest first',
        params: CaseAuditParams,
        querystring: CaseAuditQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEntryView) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const { limit, before } = request.query;
      const now = deps.clock();
      const entries = await deps.db.transaction(async (tx) => {
        await requireCase(tx, actor, caseId);
        const found = await auditForSubject(tx, 'case', caseId, { limit: limit ?? 100, beforeSeq: before });
        await appendAudit(tx, { ...auditActor(actor), action: 'case.audit_read', subjectType: 'case', subjectId: caseId }, now);
        return found;
      });
      return {
        items: entries.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          actor: e.actor,
          action: e.action,
          ip: e.ip,
          reason: e.reason,
          details: e.details,
        })),
      };
    },
  );
}

// The terms of a share with need-to-know, checked the same way for a case and a Philomena profile: the agency
// (a local authority, a charity or another force, never the sharer's own), the groups of fields (the purpose's
// template unless named; "other" must name them) and the end date (the template's length unless given, never past
// and never beyond MAX_SHARE_DAYS).
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import { invalid } from '../http/problem.ts';
import { organisationByCode } from '../orgs/store.ts';
import { MAX_SHARE_DAYS, type SharePurpose } from './share-fields.ts';

const DAY_MS = 86_400_000;

export interface ShareTerms<Field extends string> {
  target: { id: string; code: string };
  fields: Field[];
  endsAt: Date;
}

export async function shareTerms<Field extends string>(
  db: Queryable,
  actor: Actor,
  request: { organisationCode: string; purpose: SharePurpose; fields?: Field[] | undefined; endsAt?: string | undefined },
  templates: Record<SharePurpose, { fields: readonly Field[]; days: number }>,
  now: Date,
): Promise<ShareTerms<Field>> {
  const template = templates[request.purpose];
  const fields = [...(request.fields ?? template.fields)];
  if (fields.length === 0)
    throw invalid('/body/fields', 'name the fields to share: the purpose "other" has no template', { code: 'fields-required' });
  const endsAt = request.endsAt ? new Date(request.endsAt) : new Date(now.getTime() + template.days * DAY_MS);
  if (endsAt.getTime() <= now.getTime()) throw invalid('/body/endsAt', 'must be in the future', { code: 'past' });
  if (endsAt.getTime() > now.getTime() + MAX_SHARE_DAYS * DAY_MS)
    throw invalid('/body/endsAt', `a share runs for at most ${MAX_SHARE_DAYS} days; share again when it ends`, {
      code: 'too-long',
      limit: MAX_SHARE_DAYS,
    });
  const target = await organisationByCode(db, request.organisationCode);
  if (!target)
    throw invalid('/body/organisationCode', `no organisation has the code "${request.organisationCode}"`, {
      code: 'unknown-organisation',
    });
  const allowed = target.kind === 'local_authority' || target.kind === 'charity' || target.kind === 'police_force';
  if (!allowed || target.id === actor.organisationId) {
    throw invalid('/body/organisationCode', 'cases are shared with local authorities, charities and other forces', {
      code: 'share-not-allowed',
    });
  }
  return { target: { id: target.id, code: target.code }, fields, endsAt };
}

// Which Philomena profiles an actor reaches, as SQL on a `philomena_profiles` row; the decision itself is
// `philomenaReach` in src/auth/access.ts. Every query that returns a profile is limited by this.
import type { PhilomenaReach } from '../auth/access.ts';
import { raw, sql, type Sql } from '../db/sql.ts';

export function profileReachSql(reach: PhilomenaReach, alias: 'p'): Sql {
  const profile = raw(alias);
  switch (reach.kind) {
    case 'national':
      return sql`TRUE`;
    case 'police':
      return sql`${profile}.jurisdiction_id = ANY(${reach.jurisdictionIds}::uuid[])`;
    case 'writer':
      return sql`(${profile}.owning_organisation_id = ${reach.organisationId} OR ${profile}.jurisdiction_id = ANY(${reach.readsAreas}::uuid[]))`;
  }
}

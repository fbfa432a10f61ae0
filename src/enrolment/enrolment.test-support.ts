// Shared by the enrolment tests: a second partner organisation, and requests carrying CSV.
import type { LightMyRequestResponse } from 'fastify';
import type { TestWorld } from '../../test/support/app.ts';
import { PASSWORD } from '../../test/support/app.ts';
import { findUserByEmail } from '../auth/accounts.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { addUser } from '../auth/account-lifecycle.ts';
import { insertOrganisation } from '../orgs/store.ts';

/** Adds a partner company with one partner administrator; their token is world.tokens['<code>/partner_admin']. */
export async function addPartnerOrganisation(world: TestWorld, code: string): Promise<string> {
  const organisationId = await insertOrganisation(world.db, {
    code,
    name: `Partner ${code}`,
    kind: 'partner_company',
    jurisdictionIds: [],
  });
  const email = `partner_admin@${code}.test`;
  await addUser(
    world.deps,
    { email, name: `partner admin of ${code}`, role: 'partner_admin', organisationCode: code, password: PASSWORD },
    { actorId: null, actor: 'test' },
  );
  const user = (await findUserByEmail(world.db, email))!;
  world.tokens[`${code}/partner_admin`] = (await createApiToken(world.db, user.id, 'test', world.clock.now())).token;
  return organisationId;
}

export async function organisationIdOf(world: TestWorld, code: string): Promise<string> {
  const { rows } = await world.db.query<{ id: string }>('SELECT id FROM organisations WHERE code = $1', [code]);
  return rows[0]!.id;
}

export function importCsv(
  world: TestWorld,
  who: string,
  csv: string | Buffer,
  query = '',
  contentType = 'text/csv',
): Promise<LightMyRequestResponse> {
  return world.app.inject({
    method: 'POST',
    url: `/api/v1/enrolment/recipients/import${query}`,
    headers: { authorization: `Bearer ${world.tokens[who]}`, 'content-type': contentType },
    payload: csv,
  });
}

export async function countRows(world: TestWorld, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await world.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${sql}`, params);
  return rows[0]!.n;
}

import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { Jurisdiction, Organisation } from './schemas.ts';
import { listJurisdictions, listOrganisations } from './store.ts';

export function registerOrganisationRoutes(app: FastifyInstance, deps: Pick<AppDeps, 'db'>): void {
  app.get(
    '/api/v1/organisations',
    { config: { access: 'organisation:read' }, schema: { tags: ['organisations'], summary: 'Organisations and their jurisdictions', response: { 200: Type.Object({ items: Type.Array(Organisation) }) } } },
    async () => ({
      items: (await listOrganisations(deps.db)).map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, jurisdictionCodes: o.jurisdiction_codes })),
    }),
  );

  app.get(
    '/api/v1/jurisdictions',
    { config: { access: 'organisation:read' }, schema: { tags: ['organisations'], summary: 'Jurisdictions with their GeoJSON areas', response: { 200: Type.Object({ items: Type.Array(Jurisdiction) }) } } },
    async () => ({ items: await listJurisdictions(deps.db) }),
  );
}

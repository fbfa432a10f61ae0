import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { forbidden, Problem } from '../http/problem.ts';
import { importBoundaries, listJurisdictions } from '../geo/jurisdictions-store.ts';
import {
  BoundaryImportQuery,
  BoundaryImportResult,
  JurisdictionSummary,
  Jurisdiction,
  NewOrganisation,
  Organisation,
  OrganisationChange,
} from './schemas.ts';
import { contactOf } from './contact.ts';
import { createOrganisation, listJurisdictionSummaries, listOrganisations, updateOrganisation } from './store.ts';

/** Boundary files of a whole country's force areas, simplified for use, run to a few megabytes. */
const BOUNDARY_FILE_LIMIT = 50 * 1024 * 1024;

const OrganisationParams = Type.Object({ code: Type.String({ maxLength: 50 }) });
/** A GeoJSON FeatureCollection, checked feature by feature by the import itself. */
const BoundaryFile = Type.Object({ type: Type.String() }, { additionalProperties: true });

/** Organisations and boundaries are the national centre's to manage: a force's administrator manages accounts only. */
function requireNationalAdministrator(actor: Actor): void {
  if (actor.organisationKind !== 'national_centre')
    throw forbidden('Organisations and boundaries are managed by the national centre’s administrators.');
}

export function registerOrganisationRoutes(app: TypedApp, deps: Pick<AppDeps, 'db' | 'clock'>): void {
  const organisations = async () =>
    (await listOrganisations(deps.db)).map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      kind: o.kind,
      jurisdictionCodes: o.jurisdiction_codes,
      contact: contactOf(o),
    }));

  app.get(
    '/api/v1/organisations',
    {
      config: { access: 'organisation:read' },
      schema: {
        tags: ['organisations'],
        summary: 'Organisations and their jurisdictions',
        response: { 200: Type.Object({ items: Type.Array(Organisation) }) },
      },
    },
    async () => ({ items: await organisations() }),
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { access: 'organisation:manage' },
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation (the national centre’s administrators)',
        body: NewOrganisation,
        response: { 201: Organisation },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requireNationalAdministrator(actor);
      const { body } = request;
      await createOrganisation(deps.db, { ...body, jurisdictionCodes: body.jurisdictionCodes ?? [] }, auditActor(actor), deps.clock());
      const created = (await organisations()).find((o) => o.code === body.code);
      return reply.status(201).send(created!);
    },
  );

  app.patch(
    '/api/v1/organisations/:code',
    {
      config: { access: 'organisation:manage' },
      schema: {
        tags: ['organisations'],
        summary: 'Rename an organisation, change its areas or its contact (the national centre’s administrators)',
        params: OrganisationParams,
        body: OrganisationChange,
        response: { 200: Organisation },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireNationalAdministrator(actor);
      const { code } = request.params;
      await updateOrganisation(deps.db, code, request.body, auditActor(actor), deps.clock());
      return (await organisations()).find((o) => o.code === code);
    },
  );

  app.get(
    '/api/v1/jurisdictions',
    {
      config: { access: 'organisation:read' },
      schema: {
        tags: ['organisations'],
        summary: 'Jurisdictions with their GeoJSON areas',
        response: { 200: Type.Object({ items: Type.Array(Jurisdiction) }) },
      },
    },
    async () => ({ items: await listJurisdictions(deps.db) }),
  );

  app.get(
    '/api/v1/boundaries',
    {
      config: { access: 'organisation:manage' },
      schema: {
        tags: ['organisations'],
        summary: 'Jurisdictions without their shapes: where each came from, when it was last replaced, who answers for it',
        response: { 200: Type.Object({ items: Type.Array(JurisdictionSummary) }) },
      },
    },
    async () => ({
      items: (await listJurisdictionSummaries(deps.db)).map((j) => ({
        ...j,
        importedAt: j.importedAt.toISOString(),
        replacedAt: j.replacedAt ? j.replacedAt.toISOString() : null,
      })),
    }),
  );

  app.post(
    '/api/v1/boundaries/import',
    {
      bodyLimit: BOUNDARY_FILE_LIMIT,
      config: { access: 'organisation:manage' },
      schema: {
        tags: ['organisations'],
        summary:
          'Import boundaries from a GeoJSON FeatureCollection: each feature checked and reported; all or nothing unless skipInvalid; a known code is replaced in place',
        querystring: BoundaryImportQuery,
        body: BoundaryFile,
        response: { 200: BoundaryImportResult },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requireNationalAdministrator(actor);
      const { query } = request;
      const outcome = await importBoundaries(
        deps.db,
        request.body,
        {
          codeProperty: query.codeProperty,
          nameProperty: query.nameProperty,
          kind: query.kind ?? 'force_area',
          parentCode: query.parent,
          skipInvalid: query.skipInvalid ?? false,
          dryRun: query.dryRun ?? false,
          source: query.source,
        },
        auditActor(actor),
        deps.clock(),
      );
      if (outcome.refused) {
        // Each feature at fault by its place in the file, with what is wrong with it.
        const errors = outcome.features
          .filter((f) => f.problems.length > 0)
          .map((f) => ({
            pointer: `/features/${f.feature - 1}`,
            detail: `${[f.code, f.name].filter(Boolean).join(' ') || `feature ${f.feature}`}: ${f.problems.join('; ')}`,
          }));
        throw new Problem(422, 'boundaries-refused', 'Boundaries not imported', outcome.refused, { errors });
      }
      return reply.send(outcome);
    },
  );
}

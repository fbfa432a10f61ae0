// The enrolment API for an organisation's own recipients: a bulk CSV import, the list, and removal.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { actorOf } from '../auth/access.ts';
import { Problem } from '../http/problem.ts';
import { createAreaResolver } from './areas.ts';
import { asFieldError, MAX_IMPORT_BYTES, MAX_IMPORT_CELLS, readRecipientCsv } from './csv-import.ts';
import { orNotFound, PERMISSION, tags, type EnrolmentContext } from './route-context.ts';
import { DeleteAllQuery, DeletedCount, ImportQuery, ImportResult, RecipientList, RecipientListQuery, RecipientParams } from './schemas.ts';
import {
  countRecipients,
  deleteAllRecipients,
  deleteRecipient,
  listRecipients,
  writeImport,
  type RecipientRow,
} from '../subscribers/organisation-recipients.ts';

const recipientView = (row: RecipientRow) => ({
  externalRef: row.external_ref,
  label: row.label,
  language: row.language,
  includeExercises: row.include_exercises,
  channel: row.channel,
  address: row.address,
  confirmed: row.confirmed,
  cells: row.cells,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

function isCsv(contentType: string | undefined): boolean {
  return /^text\/csv\s*(;|$)/i.test(contentType ?? '');
}

export function registerRecipientRoutes(scope: TypedApp, context: EnrolmentContext): void {
  registerRecipientImport(scope, context);
  registerRecipientList(scope, context);
  registerRecipientRemoval(scope, context);
}

function registerRecipientImport(scope: TypedApp, { db, clock, audited }: EnrolmentContext) {
  // CSV bodies are not buffered: the parser hands the body stream to the import route, which reads it
  // row by row. (Kept beside the request rather than as its body, which hooks walk as an object.)
  const csvBodies = new WeakMap<FastifyRequest, Readable>();
  scope.addContentTypeParser('text/csv', (request, payload, done) => {
    const charset = /;\s*charset="?([^";]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(
        new Problem(415, 'unsupported-media-type', 'The request was refused', 'Send the file as UTF-8 (text/csv; charset=utf-8).'),
        undefined,
      );
    }
    csvBodies.set(request, payload);
    done(null, undefined);
  });

  scope.post(
    '/api/v1/enrolment/recipients/import',
    {
      config: { access: PERMISSION },
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        summary: 'Enrol recipients from a CSV file',
        description:
          'Columns (header row required, any order): external_ref, channel (email, sms or webhook), address, area (an H3 cell of resolution 7 or coarser, a jurisdiction code, or "latitude,longitude", stored only as its resolution 7 cell), and optionally language, exercises (yes/no) and label. Rows are matched to recipients already enrolled by external_ref. mode=all-or-nothing (default) imports nothing if any row is wrong; mode=good-rows imports the good rows and reports the others.',
        consumes: ['text/csv'],
        querystring: ImportQuery,
        response: { 200: ImportResult },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!isCsv(request.headers['content-type']))
        throw new Problem(415, 'unsupported-media-type', 'The request was refused', 'Send the file as text/csv.');
      // An empty body never reaches the parser.
      const body = csvBodies.get(request) ?? Readable.from([]);
      if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) {
        reply.header('Connection', 'close');
        throw new Problem(
          413,
          'too-large',
          'The file was refused',
          `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into several imports.`,
        );
      }
      const { mode } = request.query;
      let parsed;
      try {
        parsed = await readRecipientCsv(body, createAreaResolver(db, MAX_IMPORT_CELLS));
      } catch (error) {
        // The rest of the body was not read: close the connection rather than read it to the end.
        reply.header('Connection', 'close');
        throw error;
      }
      if (mode === 'all-or-nothing' && parsed.rejected > 0) {
        throw new Problem(
          422,
          'rows-invalid',
          'Some rows are not valid',
          `${parsed.rejected} of ${parsed.rejected + parsed.rows.length} rows are not valid, so nothing was imported. Correct them, or import with mode=good-rows to import the others.`,
          { errors: parsed.errors.map(asFieldError) },
        );
      }
      const outcome = await audited(
        actor,
        'enrolment.imported',
        (tx) => writeImport(tx, actor.organisationId, parsed.rows, clock()),
        (result) => ({
          mode,
          imported: result.imported,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: parsed.rejected,
          webhooksCreated: result.webhookSecrets.length,
        }),
      );
      return { ...outcome, rejected: parsed.rejected, errors: parsed.errors };
    },
  );
}

function registerRecipientList(scope: TypedApp, { db, audited }: EnrolmentContext) {
  scope.get(
    '/api/v1/enrolment/recipients',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: "The organisation's recipients, by external_ref, a page at a time",
        querystring: RecipientListQuery,
        response: { 200: RecipientList },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { query } = request;
      const rows = await listRecipients(db, actor.organisationId, query);
      const counts = await countRecipients(db, actor.organisationId);
      // The list holds addresses: who read them is recorded like any other read of personal data.
      await audited(
        actor,
        'enrolment.recipients_listed',
        () => Promise.resolve(rows.length),
        (count) => ({ count }),
      );
      return {
        items: rows.map(recipientView),
        nextAfter: rows.length === query.limit ? rows[rows.length - 1]!.external_ref : null,
        counts: {
          total: counts.total,
          email: counts.byChannel.email ?? 0,
          sms: counts.byChannel.sms ?? 0,
          webhook: counts.byChannel.webhook ?? 0,
        },
      };
    },
  );
}

function registerRecipientRemoval(scope: TypedApp, { audited }: EnrolmentContext) {
  scope.delete(
    '/api/v1/enrolment/recipients/:externalRef',
    { config: { access: PERMISSION }, schema: { tags, summary: 'Remove one recipient', params: RecipientParams } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { externalRef } = request.params;
      await audited(
        actor,
        'enrolment.recipient_deleted',
        (tx) => orNotFound(deleteRecipient(tx, actor.organisationId, externalRef), 'That recipient'),
        () => ({ externalRef }),
      );
      return reply.status(204).send();
    },
  );

  scope.delete(
    '/api/v1/enrolment/recipients',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'Remove every recipient enrolled from files (offboarding); needs confirm=yes',
        querystring: DeleteAllQuery,
        response: { 200: DeletedCount },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const deleted = await audited(
        actor,
        'enrolment.recipients_deleted',
        (tx) => deleteAllRecipients(tx, actor.organisationId),
        (count) => ({ count }),
      );
      return { deleted };
    },
  );
}

// Sightings of an active appeal: the form behind "I've seen this child" and the same through the API.
// Abuse protection (limits, proof-of-work, honeypot) is in src/abuse; checking and storing in src/reports.
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { honeypotFilled } from '../abuse/honeypot.ts';
import { DEFAULT_INTAKE_LIMITS, intakeLimiter } from '../abuse/limits.ts';
import { refuseCrossSiteForm } from '../abuse/same-site.ts';
import { publicAlertState } from '../alerts/public-state.ts';
import { appealLastSeen } from '../alerts/store.ts';
import type { Queryable } from '../db/database.ts';
import { invalid, Problem } from '../http/problem.ts';
import { installFormErrorPages, sendNotFoundPage } from '../public-site/form-errors.ts';
import { renderEndedAppealPage } from '../public-site/appeal-page.ts';
import { checkPhotoAttachment, type CheckedAttachment } from '../reports/attachments.ts';
import { echoValues, newIdempotencyKey, pageLanguage, powFields, sendIntakePage, wantsJson } from '../reports/http.ts';
import { JSON_BODY_LIMIT, readSubmissionBody } from '../reports/request-body.ts';
import { checkSighting, KEEP_TYPED_PLACE, newReference, storeSubmission, type FieldProblem } from '../reports/submissions.ts';
import { renderSightingForm, renderSightingReceipt, type SightingFormAppeal } from './pages.ts';
import { markedText } from '../alerts/status-mark.ts';

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[0-9]{4}-[a-z0-9]{6,20}$' }) });
const ReceiptParams = Type.Object({ slug: SlugParams.properties.slug, reference: Type.String({ pattern: '^S-[0-9A-Z]{4}-[0-9A-Z]{4}$' }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });
const SightingAccepted = Type.Object({ reference: Type.String(), receiptUrl: Type.String() });

interface OpenAppeal extends SightingFormAppeal {
  id: string;
  lastSeenAt: Date;
}

type AppealLookup =
  { kind: 'open'; appeal: OpenAppeal } | { kind: 'ended'; reason: Parameters<typeof renderEndedAppealPage>[0] } | { kind: 'none' };

async function findAppeal(db: Queryable, slug: string, language: string, now: Date): Promise<AppealLookup> {
  const state = await publicAlertState(db, { slug }, now);
  if (!state || state.hidden) return { kind: 'none' };
  if (state.ended) return { kind: 'ended', reason: state.ended };
  const row = await appealLastSeen(db, state.id, language);
  if (!row) return { kind: 'none' };
  // A witness of an exercise sees it marked, once, as on the appeal page.
  const headline = markedText(state.capStatus, row.headline, language);
  return { kind: 'open', appeal: { id: state.id, slug, headline, lastSeenPlace: row.lastSeenPlace, lastSeenAt: row.lastSeenAt } };
}

function apiProblem(problems: readonly FieldProblem[]): Problem {
  const details = problems.map((problem) => ({
    pointer: `/body/${problem.field}`,
    detail: problem.choices
      ? `${problem.detail} ${problem.choices.map((c) => `${c.name}${c.area ? `, ${c.area}` : ''} (placeChoice ${c.id})`).join('; ')}${problem.keepTyped ? `; or placeChoice "${KEEP_TYPED_PLACE}" to send the place as typed` : ''}`
      : problem.detail,
  }));
  if (details.length === 1) return invalid(details[0]!.pointer, details[0]!.detail);
  return new Problem(400, 'validation', 'The request is not valid', details[0]!.detail, { errors: details });
}

export function registerSightingRoutes(app: TypedApp, deps: AppDeps): void {
  // A scope of their own, so that the form's refusals are answered as pages (form-errors.ts).
  void app.register((scope, _options, done) => {
    registerRoutes(scope, deps);
    done();
  });
}

function registerRoutes(app: TypedApp, deps: AppDeps): void {
  installFormErrorPages(app);
  const { db } = deps;
  const clock = () => deps.clock();
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const limiter = intakeLimiter(app, 'sighting', DEFAULT_INTAKE_LIMITS);
  // From the form, the receipt keeps the form's language (the person may have chosen it by address alone).
  const receiptUrl = (slug: string, reference: string, language?: string) =>
    `/appeals/${slug}/sighting/received/${reference}${language ? `?lang=${encodeURIComponent(language)}` : ''}`;

  async function checkPhoto(files: { field: string; bytes: Buffer }[], problems: FieldProblem[]): Promise<CheckedAttachment[]> {
    const checked: CheckedAttachment[] = [];
    for (const file of files) {
      const result = await checkPhotoAttachment(file.bytes);
      if (result.ok) checked.push(result.attachment);
      else problems.push({ field: 'photo', detail: result.detail });
    }
    return checked;
  }

  app.get(
    '/appeals/:slug/sighting',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: LangQuery } },
    async (request, reply) => {
      const { slug } = request.params;
      const language = pageLanguage(request);
      const found = await findAppeal(db, slug, language, clock());
      if (found.kind === 'none') return sendNotFoundPage(request, reply);
      if (found.kind === 'ended') return sendIntakePage(reply, 410, renderEndedAppealPage(found.reason, language), language);
      return sendIntakePage(reply, 200, renderSightingForm(language, found.appeal, { idempotency_key: newIdempotencyKey() }), language, {
        indexable: true,
      });
    },
  );

  // The receipt holds nothing but the reference, so a link to it can be reloaded without sending again.
  app.get(
    '/appeals/:slug/sighting/received/:reference',
    { config: { access: 'public' }, schema: { hide: true, params: ReceiptParams } },
    async (request, reply) => {
      const { reference } = request.params;
      const language = pageLanguage(request);
      return sendIntakePage(reply, 200, renderSightingReceipt(language, reference), language);
    },
  );

  async function receive(request: FastifyRequest, options: { requirePow: boolean }) {
    const body = await readSubmissionBody(request, { maxFiles: 1, fileFields: ['photo'] });
    const pow = powFields(body.fields);
    if (options.requirePow && !pow)
      throw new Problem(
        403,
        'proof-of-work',
        'Check not passed',
        'Solve a challenge from /api/v1/public/challenge and send powId and powNonce.',
      );
    // Without a solution (a browser without JavaScript) a much smaller allowance applies, and staff see it flagged.
    const allowance = await limiter.check(db, request, clock(), { withoutProofOfWork: !pow });
    return { body, pow, allowance };
  }

  app.post(
    '/appeals/:slug/sighting',
    { config: { access: 'public', publicForm: true }, schema: { hide: true, params: SlugParams, querystring: LangQuery } },
    async (request, reply) => {
      refuseCrossSiteForm(request, publicOrigin);
      const { slug } = request.params;
      const language = pageLanguage(request);
      const now = clock();
      const { body, pow, allowance } = await receive(request, { requirePow: false });
      if (honeypotFilled(body.fields)) {
        // Answered as if accepted, and counted as such: the bot learns nothing and gets no more tries.
        await limiter.use(db, allowance, now);
        const reference = newReference('sighting');
        return wantsJson(request)
          ? reply.send({ reference, receiptUrl: receiptUrl(slug, reference, language) })
          : sendIntakePage(reply, 200, renderSightingReceipt(language, reference), language);
      }
      const found = await findAppeal(db, slug, language, now);
      if (found.kind === 'none') return sendNotFoundPage(request, reply);
      if (found.kind === 'ended') return sendIntakePage(reply, 410, renderEndedAppealPage(found.reason, language), language);
      // The form may ask once whether a name spelt nearly like an unknown place was meant; the API takes the words.
      const checked = await checkSighting(db, found.appeal, body.fields, now, { suggestPlaces: true });
      const problems = [...body.refused, ...(checked.ok ? [] : checked.problems)];
      const photos = await checkPhoto(body.files, problems);
      if (!checked.ok || problems.length > 0) {
        const values = echoValues(body.fields);
        if (!values.idempotency_key) values.idempotency_key = newIdempotencyKey();
        return sendIntakePage(reply, 422, renderSightingForm(language, found.appeal, values, problems), language);
      }
      const submission = checked.submission;
      if (!pow) submission.details.noScript = true;
      const stored = await storeSubmission(db, deps.media, submission, photos, now, {
        ...(pow ? { pow } : {}),
        onStored: (tx) => limiter.use(tx, allowance, now),
      });
      if (wantsJson(request)) return reply.send({ reference: stored.reference, receiptUrl: receiptUrl(slug, stored.reference, language) });
      return sendIntakePage(
        reply,
        200,
        renderSightingReceipt(language, stored.reference, stored.repeated ? undefined : submission),
        language,
      );
    },
  );

  app.post(
    '/api/v1/public/sightings',
    {
      bodyLimit: JSON_BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Send a sighting of the child in an active appeal',
        description:
          'JSON, or multipart/form-data with an optional `photo` file (JPEG, PNG or WebP, at most 10 MB and 40 megapixels). Fields: appeal (the slug), ' +
          'idempotencyKey (16 to 64 of A-Z a-z 0-9 _ -; the same key returns the same reference), powId and powNonce (a solved challenge from ' +
          'GET /api/v1/public/challenge), seenAt (ISO 8601; default now), lat and lon, or place (a place name: one the gazetteer does not know is kept as words, with no point, for staff to place) and placeChoice (an id from GET /api/v1/public/places), description ' +
          '(required, at most 4000 characters), direction, companions, vehicle (each at most 500), contactName, contactPhone, contactEmail.',
        response: { 201: SightingAccepted, 200: SightingAccepted },
        security: [],
      },
    },
    async (request, reply) => {
      const now = clock();
      const { body, pow, allowance } = await receive(request, { requirePow: true });
      const slug = (body.fields.appeal ?? '').trim();
      if (honeypotFilled(body.fields)) {
        await limiter.use(db, allowance, now);
        const reference = newReference('sighting');
        return reply.status(201).send({ reference, receiptUrl: receiptUrl(slug, reference) });
      }
      if (!/^[0-9]{4}-[a-z0-9]{6,20}$/.test(slug)) throw invalid('/body/appeal', 'Give the appeal the sighting is about.');
      const found = await findAppeal(db, slug, 'en', now);
      if (found.kind === 'none') throw invalid('/body/appeal', 'There is no such appeal.');
      if (found.kind === 'ended')
        throw new Problem(
          410,
          'appeal-ended',
          'Appeal ended',
          'This appeal has ended: the child has been found, or the appeal is over. Nothing was stored.',
        );
      const checked = await checkSighting(db, found.appeal, body.fields, now);
      const problems = [...body.refused, ...(checked.ok ? [] : checked.problems)];
      const photos = await checkPhoto(body.files, problems);
      if (!checked.ok || problems.length > 0) throw apiProblem(problems);
      const stored = await storeSubmission(db, deps.media, checked.submission, photos, now, {
        pow,
        onStored: (tx) => limiter.use(tx, allowance, now),
      });
      return reply
        .status(stored.repeated ? 200 : 201)
        .send({ reference: stored.reference, receiptUrl: receiptUrl(slug, stored.reference) });
    },
  );
}

// Reports through the "report" button (suspected trafficking, grooming, a child at risk...), the button
// partner websites embed, and what every intake form shares: the proof-of-work challenge and the scripts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { honeypotFilled } from '../abuse/honeypot.ts';
import { DEFAULT_INTAKE_LIMITS, intakeLimiter } from '../abuse/limits.ts';
import { addressKey } from '../abuse/network.ts';
import { issuePowChallenge } from '../abuse/pow.ts';
import { refuseCrossSiteForm } from '../abuse/same-site.ts';
import { invalid, Problem } from '../http/problem.ts';
import { isRightToLeft, SITE_LANGUAGES, translator } from '../i18n/i18n.ts';
import { installFormErrorPages } from '../public-site/form-errors.ts';
import { checkPhotoAttachment, type CheckedAttachment } from './attachments.ts';
import { echoValues, newIdempotencyKey, pageLanguage, powFields, sendIntakePage, wantsJson } from './http.ts';
import { renderReportForm, renderReportReceipt } from './pages.ts';
import { JSON_BODY_LIMIT, readSubmissionBody } from './request-body.ts';
import { checkReport, newReference, storeSubmission, type FieldProblem } from './submissions.ts';

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const MAX_REPORT_FILES = 3;
const JS = 'text/javascript; charset=utf-8';

const ReportQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 35 })),
  from: Type.Optional(Type.String({ maxLength: 253 })),
});
const ReceiptParams = Type.Object({ reference: Type.String({ pattern: '^R-[0-9A-Z]{4}-[0-9A-Z]{4}$' }) });
const ReportAccepted = Type.Object({ reference: Type.String(), receiptUrl: Type.String() });
const Challenge = Type.Object({ id: Type.String(), difficulty: Type.Integer(), expiresAt: Type.String({ format: 'date-time' }) });

/**
 * The partner button: a link to the report form, styled, placed where the script tag is. It speaks the
 * partner page's language (its `data-lang`, else the page's `lang`) when the site has it, and opens the
 * form in that language; otherwise the visitor's own choice decides, as on any bare link.
 */
export function reportButtonScript(publicUrl: string): string {
  const reportUrl = JSON.stringify(`${publicUrl}/report`);
  const labels = JSON.stringify(Object.fromEntries(SITE_LANGUAGES.map((language) => [language, translator(language)('report.title')])));
  const rightToLeft = JSON.stringify(SITE_LANGUAGES.filter((language) => isRightToLeft(language)));
  return `// Forget-me-not report button. Usage: <script src="${publicUrl}/report/button.js" async></script>
(function () {
  'use strict';
  var script = document.currentScript;
  var labels = ${labels};
  var asked = ((script && script.getAttribute('data-lang')) || document.documentElement.lang || '').toLowerCase().split('-')[0];
  var lang = Object.prototype.hasOwnProperty.call(labels, asked) ? asked : '';
  var link = document.createElement('a');
  link.href = ${reportUrl} + '?from=' + encodeURIComponent(window.location.hostname) + (lang ? '&lang=' + lang : '');
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = (script && script.getAttribute('data-label')) || labels[lang || 'en'];
  if (lang) {
    link.lang = lang;
    link.dir = ${rightToLeft}.indexOf(lang) >= 0 ? 'rtl' : 'ltr';
    link.hreflang = lang;
  }
  link.setAttribute('style', 'display:inline-block;font:700 16px/1.3 system-ui,sans-serif;background:#1d4ed8;color:#fff;padding:12px 18px;border-radius:6px;text-decoration:none;min-height:44px;box-sizing:border-box');
  if (script && script.parentNode) script.parentNode.insertBefore(link, script.nextSibling);
  else document.body.appendChild(link);
})();
`;
}

function apiProblem(problems: readonly FieldProblem[]): Problem {
  const details = problems.map((problem) => ({
    pointer: `/body/${problem.field}`,
    detail: problem.choices
      ? `${problem.detail} ${problem.choices.map((c) => `${c.name} (placeChoice ${c.id})`).join('; ')}`
      : problem.detail,
  }));
  if (details.length === 1) return invalid(details[0]!.pointer, details[0]!.detail);
  return new Problem(400, 'validation', 'The request is not valid', details[0]!.detail, { errors: details });
}

export function registerReportRoutes(app: TypedApp, deps: AppDeps): void {
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
  const limiter = intakeLimiter(app, 'report', DEFAULT_INTAKE_LIMITS);
  const intakeScript = fs.readFileSync(path.join(ASSETS_DIR, 'intake.js'));
  const powWorker = fs.readFileSync(path.join(ASSETS_DIR, 'pow-worker.js'));
  const buttonScript = reportButtonScript(deps.config.publicUrl);
  // From the form, the receipt keeps the form's language (the person may have chosen it by address alone).
  const receiptUrl = (reference: string, language?: string) =>
    `/report/received/${reference}${language ? `?lang=${encodeURIComponent(language)}` : ''}`;

  // --- Shared by every intake form ---------------------------------------------------------------------

  app.get(
    '/api/v1/public/challenge',
    {
      config: {
        access: 'public',
        rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `challenge:${addressKey(request.ip)}` },
      },
      schema: {
        tags: ['public'],
        summary: 'A proof-of-work challenge for sending a sighting or report',
        description:
          'Find a nonce such that SHA-256(id + ":" + nonce) has `difficulty` leading zero bits; send id and nonce with the submission. Each challenge works once, until expiresAt.',
        response: { 200: Challenge },
        security: [],
      },
    },
    async (_request, reply) => {
      const challenge = await issuePowChallenge(db, clock());
      return reply
        .header('Cache-Control', 'no-store')
        .send({ id: challenge.id, difficulty: challenge.difficulty, expiresAt: challenge.expiresAt.toISOString() });
    },
  );

  app.get('/report/intake.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').type(JS).send(intakeScript),
  );
  app.get('/report/pow-worker.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').type(JS).send(powWorker),
  );
  // Loaded by partner websites, so it must be usable from any origin.
  app.get('/report/button.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('Cache-Control', 'public, max-age=3600')
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .type(JS)
      .send(buttonScript),
  );

  // --- The report form ---------------------------------------------------------------------------------

  app.get('/report', { config: { access: 'public' }, schema: { hide: true, querystring: ReportQuery } }, async (request, reply) => {
    const language = pageLanguage(request);
    const from = request.query.from ?? '';
    return sendIntakePage(reply, 200, renderReportForm(language, { idempotency_key: newIdempotencyKey(), from }), language, {
      indexable: from === '',
    });
  });

  app.get(
    '/report/received/:reference',
    { config: { access: 'public' }, schema: { hide: true, params: ReceiptParams } },
    async (request, reply) => {
      const language = pageLanguage(request);
      return sendIntakePage(reply, 200, renderReportReceipt(language, request.params.reference), language);
    },
  );

  async function receive(request: FastifyRequest, options: { requirePow: boolean }) {
    const body = await readSubmissionBody(request, { maxFiles: MAX_REPORT_FILES, fileFields: ['attachment'] });
    const pow = powFields(body.fields);
    if (options.requirePow && !pow)
      throw new Problem(
        403,
        'proof-of-work',
        'Check not passed',
        'Solve a challenge from /api/v1/public/challenge and send powId and powNonce.',
      );
    const allowance = await limiter.check(db, request, clock(), { withoutProofOfWork: !pow });
    const problems: FieldProblem[] = [...body.refused];
    const attachments: CheckedAttachment[] = [];
    for (const file of body.files) {
      const result = await checkPhotoAttachment(file.bytes);
      if (result.ok) attachments.push(result.attachment);
      else problems.push({ field: 'attachments', detail: result.detail });
    }
    return { body, pow, attachments, problems, allowance };
  }

  app.post(
    '/report',
    { config: { access: 'public', publicForm: true }, schema: { hide: true, querystring: ReportQuery } },
    async (request, reply) => {
      refuseCrossSiteForm(request, publicOrigin);
      const language = pageLanguage(request);
      const now = clock();
      const { body, pow, attachments, problems, allowance } = await receive(request, { requirePow: false });
      if (honeypotFilled(body.fields)) {
        // Answered as if accepted, and counted as such: the bot learns nothing and gets no more tries.
        await limiter.use(db, allowance, now);
        const reference = newReference('report');
        return wantsJson(request)
          ? reply.send({ reference, receiptUrl: receiptUrl(reference, language) })
          : sendIntakePage(reply, 200, renderReportReceipt(language, reference), language);
      }
      const checked = await checkReport(db, body.fields, body.links, now);
      if (!checked.ok || problems.length > 0) {
        const values = echoValues(body.fields, body.links);
        if (!values.idempotency_key) values.idempotency_key = newIdempotencyKey();
        return sendIntakePage(
          reply,
          422,
          renderReportForm(language, values, [...(checked.ok ? [] : checked.problems), ...problems]),
          language,
        );
      }
      const submission = checked.submission;
      if (!pow) submission.details.noScript = true;
      const stored = await storeSubmission(db, deps.media, submission, attachments, now, {
        ...(pow ? { pow } : {}),
        onStored: (tx) => limiter.use(tx, allowance, now),
      });
      if (wantsJson(request)) return reply.send({ reference: stored.reference, receiptUrl: receiptUrl(stored.reference, language) });
      return sendIntakePage(
        reply,
        200,
        renderReportReceipt(language, stored.reference, stored.repeated ? undefined : submission),
        language,
      );
    },
  );

  app.post(
    '/api/v1/public/reports',
    {
      bodyLimit: JSON_BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary: 'Send a report about a child (trafficking, grooming, a child at risk, information about a missing child)',
        description:
          'JSON, or multipart/form-data with up to 3 `attachment` files (JPEG, PNG or WebP, at most 10 MB each). Fields: idempotencyKey, powId, powNonce ' +
          '(as for sightings), category (suspected_trafficking, online_grooming, child_at_risk, missing_child_information, other), description ' +
          '(required), seenAt, lat and lon or place, who, links (up to 5 http(s) URLs; in multipart: link1..link5), contactName, contactPhone, ' +
          'contactEmail (all optional: reports may be anonymous).',
        response: { 201: ReportAccepted, 200: ReportAccepted },
        security: [],
      },
    },
    async (request, reply) => {
      const now = clock();
      const { body, pow, attachments, problems, allowance } = await receive(request, { requirePow: true });
      if (honeypotFilled(body.fields)) {
        await limiter.use(db, allowance, now);
        const reference = newReference('report');
        return reply.status(201).send({ reference, receiptUrl: receiptUrl(reference) });
      }
      const checked = await checkReport(db, body.fields, body.links, now);
      if (!checked.ok || problems.length > 0) throw apiProblem([...(checked.ok ? [] : checked.problems), ...problems]);
      const stored = await storeSubmission(db, deps.media, checked.submission, attachments, now, {
        pow,
        onStored: (tx) => limiter.use(tx, allowance, now),
      });
      return reply.status(stored.repeated ? 200 : 201).send({ reference: stored.reference, receiptUrl: receiptUrl(stored.reference) });
    },
  );
}

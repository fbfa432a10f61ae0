// Public sign-up for Child Rescue Alerts: the pages (no account, no JavaScript needed), the service worker
// and script for browser notifications, and the same through a JSON API.
//
// Forgery. The public forms have no session, so there is no cookie to ride on; what a forged form could
// still do is sign someone's address up (which only sends them a confirmation) or press a button on a
// page whose URL holds a secret the forger does not have. As a second wall every form POST is refused
// when the browser says it comes from another site (Sec-Fetch-Site, or else an Origin that is not this
// site). Requests that carry neither (older browsers, curl) pass. The one exception is the one-click
// unsubscribe POST, which mail providers send from their own servers (RFC 8058): the token in its URL is
// the whole authority, and leaving must never be blocked. The JSON API needs no such check: browsers send
// JSON across sites only after a CORS preflight, which this server never answers.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { vapidKeys } from '../channels/vapid.ts';
import { invalid, Problem, type FieldError } from '../http/problem.ts';
import { isSiteLanguage, translator } from '../i18n/i18n.ts';
import { installFormErrorPages } from '../public-site/form-errors.ts';
import { sendCacheable, sendPrivatePage, VARY } from '../public-site/html.ts';
import { readerLanguage } from '../public-site/language.ts';
import { checkMobileNumber, isLoopbackInstance } from './addresses.ts';
import { linkSecret, recipientToken, verifyRecipientToken } from './links.ts';
import {
  emptySignUpForm,
  renderCheckPage,
  renderCodeRetryPage,
  renderConfirmedPage,
  renderConfirmLinkPage,
  renderLinkNotValidPage,
  renderManagePage,
  renderSignUpPage,
  renderUnsubscribedPage,
  renderUnsubscribePage,
  type SignUpFormValues,
} from './pages.ts';
import { CodeConfirmation, CodeConfirmed, SubscriptionAccepted, SubscriptionRequest, VapidPublicKey } from './schemas.ts';
import { checkSignUp, signUp, type SignUpError, type SignUpInput } from './sign-up.ts';
import {
  confirmEmailLink,
  confirmSmsCode,
  emailLinkIsLive,
  findPublicSubscriber,
  removeSubscriber,
  removeSubscriberChannel,
  subscriberExists,
  updateSubscriberSettings,
} from './store.ts';

/** The public forms are small; anything bigger is not a person filling them in. */
export const FORM_BODY_LIMIT = 8 * 1024;

// Per client address. Sign-up and codes are the ones worth abusing (sending messages, guessing codes);
// the per-address confirmation throttle and the five-tries lock stand behind these.
const SIGN_UP_LIMIT = { max: 10, timeWindow: '1 minute' };
const CODE_LIMIT = { max: 10, timeWindow: '1 minute' };
const LINK_LIMIT = { max: 30, timeWindow: '1 minute' };

const HTML = 'text/html; charset=utf-8';
const SIGN_UP_PAGE_MAX_AGE = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LINK_SECRET = /^[A-Za-z0-9_-]{43}$/;
// The one inline thing on these pages is the layout's <style>; scripts only from this site.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) });
const ManageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 35 })),
  saved: Type.Optional(Type.String({ maxLength: 5 })),
});
// Checked by hand after matching, so that a wrong one is a friendly 404 page rather than a 400.
const RecipientParams = Type.Object({ subscriberId: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 100 }) });
const ConfirmParams = Type.Object({ subscriberId: Type.String({ maxLength: 64 }), secret: Type.String({ maxLength: 100 }) });

type Fields = Record<string, string>;

/** The fields of a form body, strings only (a field sent twice counts once, the first time). */
function formFields(body: unknown): Fields {
  const fields: Fields = Object.create(null) as Fields;
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}

function signUpFormValues(fields: Fields, language: string): SignUpFormValues {
  const text = (name: string, max: number) => (fields[name] ?? '').slice(0, max);
  const ticked = (name: string) => (fields[name] ?? '') !== '';
  const values = emptySignUpForm(language);
  return {
    channelEmail: ticked('channel_email'),
    channelSms: ticked('channel_sms'),
    channelPush: ticked('channel_push'),
    email: text('email', 400),
    phone: text('phone', 60),
    pushEndpoint: text('push_endpoint', 2048),
    pushP256dh: text('push_p256dh', 200),
    pushAuth: text('push_auth', 100),
    places: values.places.map((_, index) => ({
      text: text(`place${index + 1}`, 200),
      choice: text(`place${index + 1}_choice`, 200),
      lat: text(`lat${index + 1}`, 30),
      lon: text(`lon${index + 1}`, 30),
      widen: ticked(`wide${index + 1}`),
    })),
    language: text('language', 35) || language,
    exercises: ticked('exercises'),
    consent: ticked('consent'),
  };
}

function signUpInputFromForm(values: SignUpFormValues): SignUpInput {
  return {
    channels: { email: values.channelEmail, sms: values.channelSms, push: values.channelPush },
    email: values.email,
    phone: values.phone,
    push: values.pushEndpoint ? { endpoint: values.pushEndpoint, p256dh: values.pushP256dh, auth: values.pushAuth } : undefined,
    places: values.places.map((place) => ({ text: place.text, choice: place.choice, lat: place.lat, lon: place.lon, widen: place.widen })),
    language: values.language,
    includeExercises: values.exercises,
    consent: values.consent,
  };
}

function signUpInputFromApi(body: SubscriptionRequest): SignUpInput {
  return {
    channels: { email: body.email !== undefined, sms: body.phone !== undefined, push: body.push !== undefined },
    email: body.email,
    phone: body.phone,
    push: body.push ? { endpoint: body.push.endpoint, p256dh: body.push.keys.p256dh, auth: body.push.keys.auth } : undefined,
    places: body.places.map((place) => ({ text: place.name, lon: place.lon, lat: place.lat, widen: place.widen })),
    language: body.language ?? 'en',
    includeExercises: body.includeExercises ?? false,
    consent: body.consent,
  };
}

/** Where in the API body an error belongs (JSON Pointer, RFC 6901). */
function apiPointer(error: SignUpError): string {
  if (error.field === 'channels') return '/body';
  const place = /^places\.(\d)$/.exec(error.field);
  if (place) return error.key === 'locationInvalid' ? `/body/places/${place[1]}` : `/body/places/${place[1]}/name`;
  return `/body/${error.field}`;
}

function apiProblem(errors: SignUpError[]): Problem {
  const t = translator('en');
  const details: FieldError[] = errors.map((error) => {
    const text = t(`subscribe.error.${error.key}`, error.params ?? {});
    const choices = error.choices?.map((place) => `${place.name}, ${place.area}`).join('; ');
    return { pointer: apiPointer(error), detail: choices ? `${text} ${choices}` : text };
  });
  if (details.length === 1) return invalid(details[0]!.pointer, details[0]!.detail);
  return new Problem(400, 'validation', 'The request is not valid', details[0]!.detail, { errors: details });
}

function sameSiteOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return true;
  const host = request.headers.host;
  return origin === publicOrigin || (host !== undefined && (origin === `https://${host}` || origin === `http://${host}`));
}

export function registerSubscriberRoutes(app: TypedApp, deps: AppDeps): void {
  // An encapsulated scope, so that the form body parser applies to these routes and no others.
  void app.register((scope, _options, done) => {
    registerRoutes(scope, deps);
    done();
  });
}

interface SubscriberRoutes {
  deps: AppDeps;
  /** Read at each call: a test or the CLI may hand the app another clock after it is built. */
  clock: () => Date;
  /**
   * A loopback push service is a test or development peer: accepted where the instance itself is local,
   * or where the operator lets dispatch reach private addresses.
   */
  allowLoopbackPush: boolean;
  /** The address, then the subscriber's own language on their pages, then the menu's cookie and the browser. */
  pageLanguage: (request: FastifyRequest, preferred?: string) => string;
  /** Personal pages: never cached, never framed, and a URL holding a secret is not sent on as a referrer. */
  sendPage: (reply: FastifyReply, status: number, body: string, language: string) => FastifyReply;
  refuseCrossSite: (request: FastifyRequest) => void;
  /** The subscriber a manage or unsubscribe link names, if its token is theirs. */
  verifiedRecipient: (params: { subscriberId: string; token: string }) => Promise<string | undefined>;
  manageUrl: (subscriberId: string, language: string) => Promise<string>;
}

function registerRoutes(app: TypedApp, deps: AppDeps): void {
  // Refusals of the forms (limits, size, cross-site) are pages in the reader's language, not problem+json.
  installFormErrorPages(app);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => {
      const fields = Object.create(null) as Fields;
      for (const [key, value] of new URLSearchParams(body as string)) if (!(key in fields)) fields[key] = value;
      done(null, fields);
    },
  );
  const routes = subscriberRoutes(deps);
  registerSignUpPages(app, routes);
  registerEmailConfirmation(app, routes);
  registerLeaving(app, routes);
  registerManaging(app, routes);
  registerBrowserNotifications(app, routes);
  registerSubscriptionApi(app, routes);
}

function subscriberRoutes(deps: AppDeps): SubscriberRoutes {
  const { db, config } = deps;
  const clock = () => deps.clock();
  const publicOrigin = new URL(config.publicUrl).origin;
  const linkSecretNow = () => linkSecret(db, clock());
  return {
    deps,
    clock,
    allowLoopbackPush: config.allowPrivateDestinations || isLoopbackInstance(config.publicUrl),
    pageLanguage: (request, preferred) => readerLanguage(request, preferred),
    sendPage: (reply, status, body, language) =>
      sendPrivatePage(reply, { status, body, language, contentSecurityPolicy: CONTENT_SECURITY_POLICY }),
    refuseCrossSite(request) {
      if (!sameSiteOrigin(request, publicOrigin)) {
        throw new Problem(403, 'cross-site', 'Cross-site form refused', 'This form can only be sent from its own page on this site.');
      }
    },
    async verifiedRecipient(params) {
      if (!UUID.test(params.subscriberId)) return undefined;
      const secret = await linkSecretNow();
      return verifyRecipientToken(secret, params.subscriberId, params.token) ? params.subscriberId.toLowerCase() : undefined;
    },
    async manageUrl(subscriberId, language) {
      const secret = await linkSecretNow();
      return `/alerts/manage/${subscriberId}/${recipientToken(secret, subscriberId)}?lang=${language}`;
    },
  };
}

function registerSignUpPages(
  app: TypedApp,
  { deps, clock, allowLoopbackPush, pageLanguage, sendPage, refuseCrossSite, manageUrl }: SubscriberRoutes,
) {
  const { db, config } = deps;
  // The empty form is the same for everyone: shared caches may keep it, as people sign up in a rush
  // after a national appeal.
  app.get('/alerts/sign-up', { config: { access: 'public' }, schema: { hide: true, querystring: LangQuery } }, async (request, reply) => {
    const language = pageLanguage(request);
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('Content-Language', language);
    // Its language may come from the menu's cookie: a cache must not hand the English page to a Welsh reader.
    return sendCacheable(
      request,
      reply,
      renderSignUpPage(language, emptySignUpForm(language)),
      HTML,
      SIGN_UP_PAGE_MAX_AGE,
      200,
      undefined,
      VARY,
    );
  });

  app.post(
    '/alerts/sign-up',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: SIGN_UP_LIMIT },
      schema: { hide: true, querystring: LangQuery },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const language = pageLanguage(request);
      const values = signUpFormValues(formFields(request.body), language);
      const checked = await checkSignUp(signUpInputFromForm(values), { allowLoopbackPush, db });
      if (!checked.ok) return sendPage(reply, 422, renderSignUpPage(language, values, checked.errors), language);
      await signUp(db, config.publicUrl, checked.request, clock());
      deps.onOutbox?.();
      const { email, phone, push } = checked.request;
      return sendPage(reply, 200, renderCheckPage(language, { email, phone, push: push !== undefined }), language);
    },
  );

  app.post(
    '/alerts/confirm-code',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: CODE_LIMIT },
      schema: { hide: true, querystring: LangQuery },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const language = pageLanguage(request);
      const fields = formFields(request.body);
      const phone = checkMobileNumber(fields.phone ?? '');
      const code = (fields.code ?? '').replace(/\s+/g, '');
      const shownPhone = phone.ok ? phone.number : (fields.phone ?? '').slice(0, 40);
      if (!phone.ok || !/^\d{6}$/.test(code)) return sendPage(reply, 422, renderCodeRetryPage(language, shownPhone), language);
      const subscriberId = await confirmSmsCode(db, phone.number, code, clock());
      if (!subscriberId) return sendPage(reply, 422, renderCodeRetryPage(language, shownPhone), language);
      return sendPage(reply, 200, renderConfirmedPage(language, await manageUrl(subscriberId, language)), language);
    },
  );
}

function registerEmailConfirmation(app: TypedApp, { deps, clock, pageLanguage, sendPage, refuseCrossSite, manageUrl }: SubscriberRoutes) {
  const { db } = deps;
  // The link shows a button rather than confirming on sight: mail scanners and link previews open every
  // link in a message, and must not sign up someone who never asked.

  app.get(
    '/alerts/confirm/:subscriberId/:secret',
    { config: { access: 'public' }, schema: { hide: true, params: ConfirmParams, querystring: LangQuery } },
    async (request, reply) => {
      const { subscriberId, secret } = request.params;
      const language = pageLanguage(request);
      const live = UUID.test(subscriberId) && LINK_SECRET.test(secret) && (await emailLinkIsLive(db, subscriberId, secret, clock()));
      if (!live) return sendPage(reply, 404, renderLinkNotValidPage(language, 'confirm'), language);
      return sendPage(reply, 200, renderConfirmLinkPage(language, `/alerts/confirm/${subscriberId}/${secret}?lang=${language}`), language);
    },
  );

  app.post(
    '/alerts/confirm/:subscriberId/:secret',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: LINK_LIMIT },
      schema: { hide: true, params: ConfirmParams, querystring: LangQuery },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const { subscriberId, secret } = request.params;
      const language = pageLanguage(request);
      const confirmed = UUID.test(subscriberId) && LINK_SECRET.test(secret) && (await confirmEmailLink(db, subscriberId, secret, clock()));
      if (!confirmed) return sendPage(reply, 404, renderLinkNotValidPage(language, 'confirm'), language);
      return sendPage(reply, 200, renderConfirmedPage(language, await manageUrl(subscriberId.toLowerCase(), language)), language);
    },
  );
}

function registerLeaving(app: TypedApp, { deps, pageLanguage, sendPage, verifiedRecipient }: SubscriberRoutes) {
  const { db } = deps;
  app.get(
    '/alerts/unsubscribe/:subscriberId/:token',
    { config: { access: 'public' }, schema: { hide: true, params: RecipientParams, querystring: LangQuery } },
    async (request, reply) => {
      const { params } = request;
      const subscriberId = await verifiedRecipient(params);
      const subscriber = subscriberId ? await findPublicSubscriber(db, subscriberId) : undefined;
      const language = pageLanguage(request, subscriber?.language);
      if (!subscriberId || !(subscriber || (await subscriberExists(db, subscriberId)))) {
        return sendPage(reply, 404, renderLinkNotValidPage(language, 'recipient'), language);
      }
      return sendPage(
        reply,
        200,
        renderUnsubscribePage(language, `/alerts/unsubscribe/${subscriberId}/${params.token}?lang=${language}`),
        language,
      );
    },
  );

  // RFC 8058 one-click: a POST with "List-Unsubscribe=One-Click" from a mail provider, with no cookie and
  // no page before it. Whatever the body says, a valid token removes the subscriber; doing it twice is fine.
  app.post(
    '/alerts/unsubscribe/:subscriberId/:token',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: LINK_LIMIT },
      schema: { hide: true, params: RecipientParams, querystring: LangQuery },
    },
    async (request, reply) => {
      const { params } = request;
      const subscriberId = await verifiedRecipient(params);
      if (!subscriberId) {
        const language = pageLanguage(request);
        return sendPage(reply, 404, renderLinkNotValidPage(language, 'recipient'), language);
      }
      const subscriber = await findPublicSubscriber(db, subscriberId);
      const language = pageLanguage(request, subscriber?.language);
      await removeSubscriber(db, subscriberId);
      return sendPage(reply, 200, renderUnsubscribedPage(language), language);
    },
  );
}

function registerManaging(app: TypedApp, { deps, clock, pageLanguage, sendPage, refuseCrossSite, verifiedRecipient }: SubscriberRoutes) {
  const { db } = deps;
  app.get(
    '/alerts/manage/:subscriberId/:token',
    { config: { access: 'public' }, schema: { hide: true, params: RecipientParams, querystring: ManageQuery } },
    async (request, reply) => {
      const { params } = request;
      const subscriberId = await verifiedRecipient(params);
      const subscriber = subscriberId ? await findPublicSubscriber(db, subscriberId) : undefined;
      const language = pageLanguage(request, subscriber?.language);
      if (!subscriber) return sendPage(reply, 404, renderLinkNotValidPage(language, 'recipient'), language);
      const base = `/alerts/manage/${subscriber.id}/${params.token}`;
      const saved = request.query.saved === '1';
      return sendPage(
        reply,
        200,
        renderManagePage(language, subscriber, base, `/alerts/unsubscribe/${subscriber.id}/${params.token}?lang=${language}`, saved),
        language,
      );
    },
  );

  app.post(
    '/alerts/manage/:subscriberId/:token/settings',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: LINK_LIMIT },
      schema: { hide: true, params: RecipientParams },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const { params } = request;
      const subscriberId = await verifiedRecipient(params);
      const subscriber = subscriberId ? await findPublicSubscriber(db, subscriberId) : undefined;
      if (!subscriber) {
        const language = pageLanguage(request);
        return sendPage(reply, 404, renderLinkNotValidPage(language, 'recipient'), language);
      }
      const fields = formFields(request.body);
      const language = fields.language && isSiteLanguage(fields.language) ? fields.language : subscriber.language;
      await updateSubscriberSettings(db, subscriber.id, { language, includeExercises: (fields.exercises ?? '') !== '' }, clock());
      // Back to the page this came from, built from the checked id and token: never a URL from the request.
      return reply.redirect(`/alerts/manage/${subscriber.id}/${params.token}?saved=1`, 303);
    },
  );

  app.post(
    '/alerts/manage/:subscriberId/:token/remove-channel',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', publicForm: true, rateLimit: LINK_LIMIT },
      schema: { hide: true, params: RecipientParams },
    },
    async (request, reply) => {
      refuseCrossSite(request);
      const { params } = request;
      const subscriberId = await verifiedRecipient(params);
      const subscriber = subscriberId ? await findPublicSubscriber(db, subscriberId) : undefined;
      const language = pageLanguage(request, subscriber?.language);
      if (!subscriber) return sendPage(reply, 404, renderLinkNotValidPage(language, 'recipient'), language);
      const channel = formFields(request.body).channel;
      if (channel !== 'email' && channel !== 'sms' && channel !== 'push') throw invalid('/body/channel', 'must be email, sms or push');
      const outcome = await removeSubscriberChannel(db, subscriber.id, channel);
      if (outcome === 'left') return sendPage(reply, 200, renderUnsubscribedPage(language), language);
      return reply.redirect(`/alerts/manage/${subscriber.id}/${params.token}?saved=1`, 303);
    },
  );
}

function registerBrowserNotifications(app: TypedApp, { deps, clock }: SubscriberRoutes) {
  const { db } = deps;
  const serviceWorker = fs.readFileSync(path.join(ASSETS_DIR, 'sw.js'));
  const subscribeScript = fs.readFileSync(path.join(ASSETS_DIR, 'subscribe.js'));

  app.get(
    '/alerts/vapid-public-key',
    {
      config: { access: 'public' },
      schema: {
        tags: ['subscriptions'],
        summary: "The instance's VAPID public key, for PushManager.subscribe",
        response: { 200: VapidPublicKey },
      },
    },
    async (_request, reply) => {
      const { publicKey } = await vapidKeys(db, clock());
      reply.header('Cache-Control', 'public, max-age=300');
      return { publicKey };
    },
  );

  // At the root so that its scope is the whole site (a worker may only control paths under its own).
  app.get('/sw.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('Cache-Control', 'no-cache')
      .header('Service-Worker-Allowed', '/')
      .type('text/javascript; charset=utf-8')
      .send(serviceWorker),
  );

  app.get('/alerts/assets/subscribe.js', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(subscribeScript),
  );
}

function registerSubscriptionApi(app: TypedApp, { deps, clock, allowLoopbackPush }: SubscriberRoutes) {
  const { db, config } = deps;
  app.post(
    '/api/v1/public/subscriptions',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', rateLimit: SIGN_UP_LIMIT },
      schema: {
        tags: ['subscriptions'],
        summary: 'Sign a member of the public up for Child Rescue Alerts',
        description:
          'Email and SMS addresses are sent a confirmation (a link, a six-digit code) and receive nothing else until confirmed; a push subscription is confirmed at once. ' +
          'The answer never says whether an address was already known. Places become coarse H3 cells; no position is stored.',
        body: SubscriptionRequest,
        response: { 202: SubscriptionAccepted },
        security: [],
      },
    },
    async (request, reply) => {
      const { body } = request;
      const checked = await checkSignUp(signUpInputFromApi(body), { allowLoopbackPush, db });
      if (!checked.ok) throw apiProblem(checked.errors);
      await signUp(db, config.publicUrl, checked.request, clock());
      deps.onOutbox?.();
      return reply.status(202).send({ status: 'accepted' });
    },
  );

  app.post(
    '/api/v1/public/subscriptions/confirm-code',
    {
      bodyLimit: FORM_BODY_LIMIT,
      config: { access: 'public', rateLimit: CODE_LIMIT },
      schema: {
        tags: ['subscriptions'],
        summary: 'Confirm a mobile number with the code texted to it',
        body: CodeConfirmation,
        response: { 200: CodeConfirmed },
        security: [],
      },
    },
    async (request) => {
      const { body } = request;
      const phone = checkMobileNumber(body.phone);
      if (!phone.ok) throw invalid('/body/phone', translator('en')(`subscribe.error.${phone.reason}`));
      const subscriberId = await confirmSmsCode(db, phone.number, body.code, clock());
      if (!subscriberId) throw invalid('/body/code', translator('en')('subscribe.code.wrong'));
      return { status: 'confirmed' as const };
    },
  );
}

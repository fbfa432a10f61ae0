// The public pages for signing up, confirming, managing and leaving. Plain HTML forms that work without
// JavaScript; the one script only adds browser notifications and "use my location". Every value printed
// goes through the escaping `html` template; errors sit next to their field and are tied to it with
// aria-describedby, and a summary at the top links to each.
import { SITE_LANGUAGES } from '../i18n/i18n.ts';
import { translator } from '../i18n/i18n.ts';
import { page } from '../public-site/html.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { LANGUAGE_NAMES } from '../public-site/language.ts';
import { placeLabel, placeNearCell } from '../geo/places.ts';
import { privacyNoticeLink } from '../public-site/legal-pages.ts';
import type { SignUpError } from './sign-up.ts';
import type { SubscriberView } from './store.ts';

export { LANGUAGE_NAMES };

const FORM_STYLE = html`<style>
form.stack label,form.stack legend{display:block;font-weight:700;margin:.25rem 0}
form.stack .field{margin:0 0 1.25rem}
form.stack input[type=text],form.stack input[type=email],form.stack input[type=tel],form.stack select{width:100%;max-width:30rem;font:inherit;padding:.5rem;border:2px solid #1b1b1f;border-radius:.25rem;min-height:44px}
form.stack fieldset{border:0;padding:0;margin:0 0 1.25rem}
.check{display:flex;gap:.6rem;align-items:flex-start;margin:.4rem 0}.check label{overflow-wrap:anywhere}.check input{width:1.5rem;height:1.5rem;margin:0;flex:none}.check label{font-weight:400;margin:0}
.hint{color:#4a4a55;margin:.1rem 0 .4rem}
.error{color:#b91c1c;font-weight:700;margin:.2rem 0}
.field.invalid{border-inline-start:5px solid #b91c1c;padding-inline-start:.75rem}
.summary{border:4px solid #b91c1c;padding:.75rem 1rem;margin:0 0 1.5rem}.summary h2{margin-top:0}
.place{background:#f3f4f6;padding:.75rem;border-radius:.4rem;margin:0 0 .75rem}
button,.submit{font:inherit;font-weight:700;background:#1d4ed8;color:#fff;border:0;border-radius:.4rem;padding:.7rem 1.2rem;min-height:44px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:2px solid #1d4ed8;padding:.4rem .8rem;min-height:36px;margin-top:.4rem}
button.danger{background:#b91c1c}
.notice{background:#dcfce7;border-inline-start:6px solid #15803d;padding:.75rem 1rem}
ul.plain{list-style:none;padding:0}ul.plain li{padding:.4rem 0;border-bottom:1px solid #ddd;display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap}
</style>`;

export interface PlaceFormValues {
  text: string;
  choice: string;
  lat: string;
  lon: string;
  widen: boolean;
}

/** What the sign-up form shows: empty at first, then exactly what was typed. */
export interface SignUpFormValues {
  channelEmail: boolean;
  channelSms: boolean;
  channelPush: boolean;
  email: string;
  phone: string;
  pushEndpoint: string;
  pushP256dh: string;
  pushAuth: string;
  places: PlaceFormValues[];
  language: string;
  exercises: boolean;
  consent: boolean;
}

export function emptySignUpForm(language: string): SignUpFormValues {
  return {
    channelEmail: false,
    channelSms: false,
    channelPush: false,
    email: '',
    phone: '',
    pushEndpoint: '',
    pushP256dh: '',
    pushAuth: '',
    places: [1, 2, 3].map(() => ({ text: '', choice: '', lat: '', lon: '', widen: false })),
    language,
    exercises: false,
    consent: false,
  };
}

/** The form control an error belongs to (the first of a group), which the summary links to. */
export function formFieldId(field: string): string {
  if (field === 'channels') return 'channel_email';
  if (field === 'push') return 'channel_push';
  if (field === 'places') return 'place1';
  const place = /^places\.(\d)$/.exec(field);
  if (place) return `place${Number(place[1]) + 1}`;
  return field;
}

function errorText(language: string, error: SignUpError): string {
  return translator(language)(`subscribe.error.${error.key}`, error.params ?? {});
}

function withLang(path: string, language: string): string {
  return `${path}?lang=${encodeURIComponent(language)}`;
}

function publicPage(language: string, title: string, body: SafeHtml, head?: SafeHtml, path?: string): string {
  return page({
    language,
    title: `${title} · ${translator(language)('site.name')}`,
    head: html`${FORM_STYLE}${head ?? ''}`,
    body,
    ...(path ? { path } : {}),
  });
}

function errorSummary(language: string, errors: SignUpError[]): SafeHtml | '' {
  if (errors.length === 0) return '';
  const t = translator(language);
  return html`<div class="summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${t('subscribe.signUp.errorSummary')}</h2>
<ul>${errors.map((error) => html`<li><a href="#${formFieldId(error.field)}">${errorText(language, error)}</a></li>`)}</ul>
</div>`;
}

function fieldError(language: string, errors: SignUpError[], id: string): SafeHtml | '' {
  const mine = errors.filter((error) => formFieldId(error.field) === id);
  if (mine.length === 0) return '';
  return html`<p class="error" id="${id}-error">${mine.map((error) => html`<span>${errorText(language, error)} </span>`)}</p>`;
}

function describedBy(errors: SignUpError[], id: string, hint?: string): SafeHtml {
  const ids = [hint, errors.some((error) => formFieldId(error.field) === id) ? `${id}-error` : undefined].filter(Boolean);
  const invalid = errors.some((error) => formFieldId(error.field) === id);
  return html`${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
}

function checkbox(name: string, checked: boolean, label: string, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<div class="check"><input type="checkbox" id="${name}" name="${name}" value="yes"${checked ? html` checked` : ''}${extra}><label for="${name}">${label}</label></div>`;
}

export function renderSignUpPage(language: string, values: SignUpFormValues, errors: SignUpError[] = []): string {
  const t = translator(language);
  const invalid = (id: string) => (errors.some((error) => formFieldId(error.field) === id) ? ' invalid' : '');

  const places = values.places.map((place, index) => {
    const n = index + 1;
    const id = `place${n}`;
    const placeErrors = errors.filter((error) => formFieldId(error.field) === id);
    const choices = placeErrors.flatMap((error) => error.choices ?? []);
    return html`<div class="place field${invalid(id)}">
<label for="${id}">${t('subscribe.signUp.place', { number: String(n) })}</label>
${fieldError(language, errors, id)}
<input type="text" id="${id}" name="${id}" value="${place.text}" maxlength="100" autocomplete="off"${describedBy(errors, id, n === 1 ? 'places-hint' : undefined)}>
${
  choices.length
    ? html`<fieldset><legend class="hint">${t('subscribe.signUp.chooseOne')}</legend>${choices.map(
        (choice, k) =>
          html`<div class="check"><input type="radio" id="${id}-choice-${k}" name="${id}_choice" value="${placeLabel(choice)}"${place.choice === placeLabel(choice) ? html` checked` : ''}><label for="${id}-choice-${k}">${placeLabel(choice)}</label></div>`,
      )}</fieldset>`
    : ''
}
<input type="hidden" name="lat${n}" value="${place.lat}" data-lat="${n}">
<input type="hidden" name="lon${n}" value="${place.lon}" data-lon="${n}">
<button type="button" class="secondary locate" data-place="${n}" hidden>${t('subscribe.signUp.useLocation')}</button>
${checkbox(`wide${n}`, place.widen, t('subscribe.signUp.widen'))}
</div>`;
  });

  const body = html`<h1>${t('subscribe.signUp.title')}</h1>
<p>${t('subscribe.signUp.intro')}</p>
<p class="muted">${t('subscribe.signUp.privacy')}</p>
${errorSummary(language, errors)}
<form class="stack" id="sign-up" method="post" action="${withLang('/alerts/sign-up', language)}" novalidate
 data-msg-located="${t('subscribe.signUp.myLocation')}" data-msg-location-failed="${t('subscribe.signUp.locationFailed')}" data-msg-push-denied="${t('subscribe.error.pushMissing')}">
<fieldset class="field${invalid('channel_email')}"${describedBy(errors, 'channel_email')}>
<legend>${t('subscribe.signUp.channelsLegend')}</legend>
${fieldError(language, errors, 'channel_email')}
${checkbox('channel_email', values.channelEmail, t('subscribe.signUp.channelEmail'), describedBy(errors, 'channel_email'))}
${checkbox('channel_sms', values.channelSms, t('subscribe.signUp.channelSms'))}
<div id="push-option" class="${invalid('channel_push').trim()}" hidden>
${fieldError(language, errors, 'channel_push')}
${checkbox('channel_push', values.channelPush, t('subscribe.signUp.channelPush'), describedBy(errors, 'channel_push'))}
</div>
<noscript><p class="hint">${t('subscribe.signUp.pushNeedsScript')}</p></noscript>
<input type="hidden" name="push_endpoint" value="${values.pushEndpoint}">
<input type="hidden" name="push_p256dh" value="${values.pushP256dh}">
<input type="hidden" name="push_auth" value="${values.pushAuth}">
</fieldset>
<div class="field${invalid('email')}">
<label for="email">${t('subscribe.signUp.email')}</label>
${fieldError(language, errors, 'email')}
<input type="email" id="email" name="email" value="${values.email}" maxlength="254" autocomplete="email" spellcheck="false"${describedBy(errors, 'email')}>
</div>
<div class="field${invalid('phone')}">
<label for="phone">${t('subscribe.signUp.phone')}</label>
<p class="hint" id="phone-hint">${t('subscribe.signUp.phoneHint')}</p>
${fieldError(language, errors, 'phone')}
<input type="tel" id="phone" name="phone" value="${values.phone}" maxlength="40" autocomplete="tel"${describedBy(errors, 'phone', 'phone-hint')}>
</div>
<fieldset>
<legend>${t('subscribe.signUp.placesLegend')}</legend>
<p class="hint" id="places-hint">${t('subscribe.signUp.placesHint')}</p>
${places}
</fieldset>
<div class="field${invalid('language')}">
<label for="language">${t('subscribe.signUp.language')}</label>
${fieldError(language, errors, 'language')}
<select id="language" name="language"${describedBy(errors, 'language')}>${SITE_LANGUAGES.map(
    (lang) =>
      html`<option value="${lang}" lang="${lang}"${values.language === lang ? html` selected` : ''}>${LANGUAGE_NAMES[lang]}</option>`,
  )}</select>
</div>
<div class="field">${checkbox('exercises', values.exercises, t('subscribe.signUp.exercises'))}</div>
<div class="field${invalid('consent')}">
${fieldError(language, errors, 'consent')}
${checkbox('consent', values.consent, t('subscribe.signUp.consent'), describedBy(errors, 'consent'))}
</div>
${privacyNoticeLink(language)}
<button type="submit" class="submit">${t('subscribe.signUp.submit')}</button>
</form>`;
  const title = errors.length ? `${t('subscribe.signUp.errorTitle')}: ${t('subscribe.signUp.title')}` : t('subscribe.signUp.title');
  return publicPage(language, title, body, html`<script src="/alerts/assets/subscribe.js" defer></script>`, '/alerts/sign-up');
}

export interface CheckPageFacts {
  email?: string;
  /** E.164, for the code form. */
  phone?: string;
  push: boolean;
}

function codeForm(language: string, phone: string, failed: boolean): SafeHtml {
  const t = translator(language);
  return html`<form class="stack" method="post" action="${withLang('/alerts/confirm-code', language)}">
<input type="hidden" name="phone" value="${phone}">
<div class="field${failed ? ' invalid' : ''}">
<label for="code">${t('subscribe.code.label')}</label>
${failed ? html`<p class="error" id="code-error">${t('subscribe.code.wrong')}</p>` : ''}
<input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="one-time-code"${failed ? html` aria-describedby="code-error" aria-invalid="true"` : ''}>
</div>
<button type="submit" class="submit">${t('subscribe.code.submit')}</button>
</form>`;
}

/** After the form: the same page whether or not an address was known, or throttled. */
export function renderCheckPage(language: string, facts: CheckPageFacts): string {
  const t = translator(language);
  // First-strong isolates keep an address or a "+44" number whole and left-to-right inside Arabic text.
  const isolate = (text: string) => `\u2068${text}\u2069`;
  const body = html`<h1>${t('subscribe.check.title')}</h1>
${facts.email ? html`<p>${t('subscribe.check.email', { email: isolate(facts.email) })}</p>` : ''}
${facts.push ? html`<p class="notice">${t('subscribe.check.push')}</p>` : ''}
${facts.phone ? html`<p>${t('subscribe.check.sms', { phone: isolate(facts.phone) })}</p>${codeForm(language, facts.phone, false)}` : ''}
<p class="muted">${t('subscribe.check.notReceived')}</p>`;
  return publicPage(language, t('subscribe.check.title'), body);
}

export function renderCodeRetryPage(language: string, phone: string): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.check.title')}</h1>
${codeForm(language, phone, true)}
<p><a href="${withLang('/alerts/sign-up', language)}">${t('subscribe.signUpAgain')}</a></p>`;
  return publicPage(language, `${t('subscribe.signUp.errorTitle')}: ${t('subscribe.check.title')}`, body);
}

export function renderConfirmedPage(language: string, manageUrl: string): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.confirmed.title')}</h1>
<p class="notice">${t('subscribe.confirmed.body')}</p>
<p><a href="${manageUrl}">${t('subscribe.manage.title')}</a></p>`;
  return publicPage(language, t('subscribe.confirmed.title'), body);
}

export function renderConfirmLinkPage(language: string, actionUrl: string): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.confirmLink.title')}</h1>
<p>${t('subscribe.confirmLink.body')}</p>
<form method="post" action="${actionUrl}"><button type="submit" class="submit">${t('subscribe.confirmLink.submit')}</button></form>`;
  return publicPage(language, t('subscribe.confirmLink.title'), body);
}

export function renderLinkNotValidPage(language: string, reason: 'confirm' | 'recipient'): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.notFound.title')}</h1>
<p>${t(reason === 'confirm' ? 'subscribe.confirmLink.invalid' : 'subscribe.notFound.body')}</p>
<p><a href="${withLang('/alerts/sign-up', language)}">${t('subscribe.signUpAgain')}</a></p>`;
  return publicPage(language, t('subscribe.notFound.title'), body);
}

export function renderUnsubscribePage(language: string, actionUrl: string): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.unsubscribe.title')}</h1>
<p>${t('subscribe.unsubscribe.body')}</p>
<form method="post" action="${actionUrl}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" class="submit danger">${t('subscribe.unsubscribe.submit')}</button></form>`;
  return publicPage(language, t('subscribe.unsubscribe.title'), body);
}

export function renderUnsubscribedPage(language: string): string {
  const t = translator(language);
  const body = html`<h1>${t('subscribe.unsubscribe.doneTitle')}</h1>
<p>${t('subscribe.unsubscribe.done')}</p>
<p><a href="${withLang('/alerts/sign-up', language)}">${t('subscribe.signUpAgain')}</a></p>`;
  return publicPage(language, t('subscribe.unsubscribe.doneTitle'), body);
}

/** The areas of a subscriber's cells, by the nearest town: never a point, never the cell itself. */
export function areaNames(cells: readonly string[]): string[] {
  return [...new Set(cells.map((cell) => placeNearCell(cell).name))].sort((a, b) => a.localeCompare(b, 'en'));
}

export function renderManagePage(language: string, view: SubscriberView, baseUrl: string, unsubscribeUrl: string, saved: boolean): string {
  const t = translator(language);
  const channelName = (channel: string) => t(`subscribe.channel.${channel === 'push' || channel === 'sms' ? channel : 'email'}`);
  const body = html`<h1>${t('subscribe.manage.title')}</h1>
${saved ? html`<p class="notice" role="status">${t('subscribe.manage.saved')}</p>` : ''}
<h2>${t('subscribe.manage.channels')}</h2>
<ul class="plain">${view.channels.map(
    (
      channel,
    ) => html`<li><span><strong>${channelName(channel.channel)}</strong>${channel.channel === 'push' ? '' : html`: <span dir="ltr">${channel.address}</span>`}${
      channel.confirmed ? '' : html` <em>(${t('subscribe.manage.pending')})</em>`
    }</span>
<form method="post" action="${baseUrl}/remove-channel"><input type="hidden" name="channel" value="${channel.channel}"><button type="submit" class="secondary" aria-label="${t('subscribe.manage.removeChannel', { channel: channelName(channel.channel) })}">${t('subscribe.manage.remove')}</button></form></li>`,
  )}</ul>
<h2>${t('subscribe.manage.places')}</h2>
<ul>${areaNames(view.cells).map((name) => html`<li>${t('subscribe.manage.areaNear', { place: name })}</li>`)}</ul>
<p class="muted">${t('subscribe.manage.changePlaces')}</p>
<h2>${t('subscribe.manage.settings')}</h2>
<form class="stack" method="post" action="${baseUrl}/settings">
<div class="field"><label for="language">${t('subscribe.signUp.language')}</label>
<select id="language" name="language">${SITE_LANGUAGES.map(
    (lang) => html`<option value="${lang}" lang="${lang}"${view.language === lang ? html` selected` : ''}>${LANGUAGE_NAMES[lang]}</option>`,
  )}</select></div>
<div class="field">${checkbox('exercises', view.includeExercises, t('subscribe.signUp.exercises'))}</div>
<button type="submit" class="submit">${t('subscribe.manage.save')}</button>
</form>
<h2>${t('subscribe.unsubscribe.title')}</h2>
<form method="post" action="${unsubscribeUrl}"><button type="submit" class="submit danger">${t('subscribe.manage.leave')}</button></form>`;
  return publicPage(language, t('subscribe.manage.title'), body);
}

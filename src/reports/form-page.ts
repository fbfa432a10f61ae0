// Pieces shared by the sighting and report forms: fields with their errors tied to them (aria-describedby),
// an error summary linking to each, the honeypot, and the receipt. Every value goes through `html`.
import type { TFunction } from 'i18next';
import { HONEYPOT_FIELD } from '../abuse/honeypot.ts';
import { readLocale } from '../i18n/i18n.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { KEEP_TYPED_PLACE, type FieldProblem } from './submissions.ts';
import { gazetteerPlaceLabel, type FoundGazetteerPlace } from '../geo/gazetteer.ts';

// The date field's picker icon is drawn with gradients: Chromium's own icon is an SVG image, a document of its
// own built on every load, about a third of what the date field adds to the form's first style pass.
export const INTAKE_FORM_STYLE = html`<style>
form.stack label,form.stack legend{display:block;font-weight:700;margin:.25rem 0}
form.stack .field{margin:0 0 1.25rem}
form.stack input[type=text],form.stack input[type=email],form.stack input[type=tel],form.stack input[type=url],form.stack input[type=datetime-local],form.stack select,form.stack textarea{width:100%;max-width:36rem;font:inherit;padding:.5rem;border:2px solid #1b1b1f;border-radius:.25rem;min-height:44px;box-sizing:border-box}
form.stack textarea{min-height:8rem}
form.stack input::-webkit-calendar-picker-indicator{background:linear-gradient(currentColor 0 0) top/100% 30%,linear-gradient(currentColor 0 0) bottom/100% 2px,linear-gradient(currentColor 0 0) left/2px 100%,linear-gradient(currentColor 0 0) right/2px 100%;background-repeat:no-repeat;background-origin:content-box;background-clip:content-box}
form.stack fieldset{border:0;padding:0;margin:0 0 1.25rem}
.hint{color:#4a4a55;margin:.1rem 0 .4rem}
.error{color:#b91c1c;font-weight:700;margin:.2rem 0}
.field.invalid{border-inline-start:5px solid #b91c1c;padding-inline-start:.75rem}
.summary{border:4px solid #b91c1c;padding:.75rem 1rem;margin:0 0 1.5rem}.summary h2{margin-top:0}
.warning{border:4px solid #b91c1c;background:#fef2f2;padding:.75rem 1rem;margin:0 0 1.5rem;font-weight:700}
.notice{background:#dcfce7;border-inline-start:6px solid #15803d;padding:.75rem 1rem}
.reference{font-size:2rem;font-weight:700;letter-spacing:.1em}
.trap{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}
.choice{display:flex;gap:.5rem;align-items:center;margin:.3rem 0}.choice input{width:1.4rem;height:1.4rem;margin:0;flex:none}form.stack .choice label,.choice label{display:inline;font-weight:400;margin:0}
button,.submit{font:inherit;font-weight:700;background:#1d4ed8;color:#fff;border:0;border-radius:.4rem;padding:.7rem 1.2rem;min-height:44px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:2px solid #1d4ed8;padding:.4rem .8rem;min-height:36px;margin-top:.4rem}
#submit-status{min-height:1.5rem}
dl.sent dt{font-weight:700}dl.sent dd{margin:0 0 .75rem;white-space:pre-wrap}
</style>`;

export type FormValues = Record<string, string>;

function problemFor(problems: readonly FieldProblem[], field: string): FieldProblem | undefined {
  return problems.find((problem) => problem.field === field);
}

// Problems found by code that only words them in English (the photo checks) are matched by their text.
const englishProblems = new Map(
  Object.entries((readLocale('en').intake as Record<string, unknown>).problem as Record<string, string>).map(([key, text]) => [text, key]),
);

/** A problem in the reader's language: by its key, else by its English wording, else as it came. */
export function problemText(t: TFunction, problem: FieldProblem): string {
  const key = problem.key ?? englishProblems.get(problem.detail);
  return key ? t(`intake.problem.${key}`, problem.params ?? {}) : problem.detail;
}

export function errorSummary(t: TFunction, problems: readonly FieldProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="summary" role="alert" tabindex="-1" id="error-summary"><h2>${t('intake.errorSummary')}</h2><ul>${problems.map(
    (problem) => html`<li><a href="#${problem.field}">${problemText(t, problem)}</a></li>`,
  )}</ul></div>`;
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'datetime-local' | 'textarea';
  maxLength?: number;
  required?: boolean;
  autocomplete?: string;
}

export function textField(t: TFunction, values: FormValues, problems: readonly FieldProblem[], options: FieldOptions): SafeHtml {
  const problem = problemFor(problems, options.name);
  const described = [options.hint ? `${options.name}-hint` : '', problem ? `${options.name}-error` : ''].filter(Boolean).join(' ');
  const value = values[options.name] ?? '';
  const common = html`id="${options.name}" name="${options.name}"${options.maxLength ? html` maxlength="${options.maxLength}"` : ''}${options.required ? html` required aria-required="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${problem ? html` aria-invalid="true"` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}`;
  const control =
    options.type === 'textarea'
      ? html`<textarea ${common}>${value}</textarea>`
      : html`<input type="${options.type ?? 'text'}" ${common} value="${value}">`;
  return html`<div class="field${problem ? ' invalid' : ''}">
<label for="${options.name}">${options.label}</label>
${options.hint ? html`<p class="hint" id="${options.name}-hint">${options.hint}</p>` : ''}
${problem ? html`<p class="error" id="${options.name}-error">${problemText(t, problem)}</p>` : ''}
${control}
</div>`;
}

/** How a choice is named: "Newport, Wales", with its position only where two choices would read the same. */
function choiceLabels(choices: readonly FoundGazetteerPlace[]): string[] {
  const labels = choices.map((choice) => gazetteerPlaceLabel(choice));
  return labels.map((label, index) =>
    labels.indexOf(label) !== labels.lastIndexOf(label)
      ? `${label} (\u2068${choices[index]!.lat.toFixed(2)}, ${choices[index]!.lon.toFixed(2)}\u2069)`
      : label,
  );
}

/**
 * Where: typed place (with choices when it matched several or was spelt nearly like some, and the choice of
 * keeping the words as typed), or a point from the browser's location. With script, names are suggested
 * as the person types, from /api/v1/public/places (intake.js fills the datalist).
 */
export function placeField(t: TFunction, values: FormValues, problems: readonly FieldProblem[], label: string): SafeHtml {
  const problem = problemFor(problems, 'place');
  const choices = problem?.choices ?? [];
  const labels = choiceLabels(choices);
  const typed = (values.place ?? '').trim();
  return html`<div class="field${problem ? ' invalid' : ''}">
<label for="place">${label}</label>
<p class="hint" id="place-hint">${t('intake.placeHint')}</p>
${problem ? html`<p class="error" id="place-error">${problemText(t, problem)}</p>` : ''}
<input type="text" id="place" name="place" maxlength="200" autocomplete="off" data-suggest="/api/v1/public/places" aria-describedby="place-hint${problem ? ' place-error' : ''}"${problem ? html` aria-invalid="true"` : ''} value="${values.place ?? ''}">
<datalist id="place-suggestions"></datalist>
${
  choices.length > 0
    ? html`<fieldset><legend>${t('intake.whichOne')}</legend>${choices.map(
        (choice, index) =>
          html`<div class="choice"><input type="radio" id="place_choice_${index}" name="place_choice" value="${choice.id}"><label for="place_choice_${index}">${labels[index]}</label></div>`,
      )}${
        problem?.keepTyped && typed !== ''
          ? html`<div class="choice"><input type="radio" id="place_choice_typed" name="place_choice" value="${KEEP_TYPED_PLACE}"><label for="place_choice_typed">${t('intake.keepTypedPlace', { place: `\u2068${typed}\u2069` })}</label></div>`
          : ''
      }</fieldset>`
    : ''
}
<input type="hidden" id="lat" name="lat" value="${values.lat ?? ''}">
<input type="hidden" id="lon" name="lon" value="${values.lon ?? ''}">
<button type="button" class="secondary" id="use-location" hidden>${t('intake.useLocation')}</button>
<p class="hint" id="location-status" aria-live="polite">${values.lat ? t('intake.usingGiven', { position: `\u2068${values.lat}, ${values.lon}\u2069` }) : ''}</p>
</div>`;
}

/** The hidden fields every intake form carries: idempotency key, proof-of-work slots, and the honeypot. */
export function hiddenIntakeFields(t: TFunction, idempotencyKey: string): SafeHtml {
  return html`<input type="hidden" name="idempotency_key" value="${idempotencyKey}">
<input type="hidden" name="pow_id" value="">
<input type="hidden" name="pow_nonce" value="">
<div class="trap" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${t('intake.leaveEmpty')}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>`;
}

/** What the person sent, shown back on the receipt (escaped like everything else). */
export function sentSummary(t: TFunction, rows: [label: string, value: string | null | undefined][]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return html`<h2>${t('intake.sent.title')}</h2><dl class="sent">${shown.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

/** What the form's script says while it works, in the page's language (the script itself holds no text). */
export function intakeScriptMessages(t: TFunction): SafeHtml {
  return html` data-sending-text="${t('intake.sending')}" data-offline-text="${t('intake.offline')}" data-located-text="${t('intake.located')}" data-location-failed-text="${t('intake.locationFailed')}"`;
}

/** The reference, large, in a sentence of the reader's language. */
export function referenceNotice(t: TFunction, reference: string, quoteKey: string): SafeHtml {
  return html`<p class="notice">${t('intake.yourReference')} <bdi><span class="reference">${reference}</span></bdi>. ${t(quoteKey)}</p>`;
}

/** When, as the reader's clock and language would put it. */
export function formatSentTime(date: Date | null | undefined, language: string): string | null {
  if (!date) return null;
  return formatDateTime(date, language);
}

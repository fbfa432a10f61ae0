// Pieces shared by the sighting and report forms: fields with their errors tied to them (aria-describedby),
// an error summary linking to each, the honeypot, and the receipt. Every value goes through `html`.
import { HONEYPOT_FIELD } from '../abuse/honeypot.ts';
import { html, type SafeHtml } from '../public-site/html.ts';
import type { FieldProblem } from './submissions.ts';

export const INTAKE_FORM_STYLE = html`<style>
form.stack label,form.stack legend{display:block;font-weight:700;margin:.25rem 0}
form.stack .field{margin:0 0 1.25rem}
form.stack input[type=text],form.stack input[type=email],form.stack input[type=tel],form.stack input[type=url],form.stack input[type=datetime-local],form.stack select,form.stack textarea{width:100%;max-width:36rem;font:inherit;padding:.5rem;border:2px solid #1b1b1f;border-radius:.25rem;min-height:44px;box-sizing:border-box}
form.stack textarea{min-height:8rem}
form.stack fieldset{border:0;padding:0;margin:0 0 1.25rem}
.hint{color:#4a4a55;margin:.1rem 0 .4rem}
.error{color:#b91c1c;font-weight:700;margin:.2rem 0}
.field.invalid{border-inline-start:5px solid #b91c1c;padding-inline-start:.75rem}
.summary{border:4px solid #b91c1c;padding:.75rem 1rem;margin:0 0 1.5rem}.summary h2{margin-top:0}
.warning{border:4px solid #b91c1c;background:#fef2f2;padding:.75rem 1rem;margin:0 0 1.5rem;font-weight:700}
.notice{background:#dcfce7;border-inline-start:6px solid #15803d;padding:.75rem 1rem}
.reference{font-size:2rem;font-weight:700;letter-spacing:.1em}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button,.submit{font:inherit;font-weight:700;background:#1d4ed8;color:#fff;border:0;border-radius:.4rem;padding:.7rem 1.2rem;min-height:44px;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8;border:2px solid #1d4ed8;padding:.4rem .8rem;min-height:36px;margin-top:.4rem}
#submit-status{min-height:1.5rem}
dl.sent dt{font-weight:700}dl.sent dd{margin:0 0 .75rem;white-space:pre-wrap}
</style>`;

export type FormValues = Record<string, string>;

function problemFor(problems: readonly FieldProblem[], field: string): FieldProblem | undefined {
  return problems.find((problem) => problem.field === field);
}

export function errorSummary(problems: readonly FieldProblem[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="summary" role="alert" tabindex="-1" id="error-summary"><h2>There is a problem</h2><ul>${problems.map(
    (problem) => html`<li><a href="#${problem.field}">${problem.detail}</a></li>`,
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

export function textField(values: FormValues, problems: readonly FieldProblem[], options: FieldOptions): SafeHtml {
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
${problem ? html`<p class="error" id="${options.name}-error">${problem.detail}</p>` : ''}
${control}
</div>`;
}

/** Where: typed place (with choices when it matched several), or a point from the browser's location. */
export function placeField(values: FormValues, problems: readonly FieldProblem[], label: string): SafeHtml {
  const problem = problemFor(problems, 'place');
  const choices = problem?.choices ?? [];
  return html`<div class="field${problem ? ' invalid' : ''}">
<label for="place">${label}</label>
<p class="hint" id="place-hint">Type a town, village or postcode district, or use your location.</p>
${problem ? html`<p class="error" id="place-error">${problem.detail}</p>` : ''}
<input type="text" id="place" name="place" maxlength="200" autocomplete="off" aria-describedby="place-hint${problem ? ' place-error' : ''}"${problem ? html` aria-invalid="true"` : ''} value="${values.place ?? ''}">
${choices.length > 0
  ? html`<fieldset><legend>Which one?</legend>${choices.map(
      (choice, index) => html`<div><input type="radio" id="place_choice_${index}" name="place_choice" value="${choice.id}"> <label for="place_choice_${index}" style="display:inline;font-weight:400">${choice.name} (${choice.lat.toFixed(3)}, ${choice.lon.toFixed(3)})</label></div>`,
    )}</fieldset>`
  : ''}
<input type="hidden" id="lat" name="lat" value="${values.lat ?? ''}">
<input type="hidden" id="lon" name="lon" value="${values.lon ?? ''}">
<button type="button" class="secondary" id="use-location" hidden>Use my location</button>
<p class="hint" id="location-status" aria-live="polite">${values.lat ? html`Using the location you gave (${values.lat}, ${values.lon}).` : ''}</p>
</div>`;
}

/** The hidden fields every intake form carries: idempotency key, proof-of-work slots, and the honeypot. */
export function hiddenIntakeFields(idempotencyKey: string): SafeHtml {
  return html`<input type="hidden" name="idempotency_key" value="${idempotencyKey}">
<input type="hidden" name="pow_id" value="">
<input type="hidden" name="pow_nonce" value="">
<div class="trap" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this empty</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>`;
}

/** What the person sent, shown back on the receipt (escaped like everything else). */
export function sentSummary(rows: [label: string, value: string | null | undefined][]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return html`<h2>What you sent</h2><dl class="sent">${shown.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

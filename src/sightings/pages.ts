// The sighting form of an appeal and its receipt. A plain HTML form that works without JavaScript; the
// intake script adds the saved draft, "use my location", the proof-of-work and retrying.
import { html, page } from '../public-site/html.ts';
import { errorSummary, hiddenIntakeFields, INTAKE_FORM_STYLE, placeField, sentSummary, textField, type FormValues } from '../reports/form-page.ts';
import { MAX_DESCRIPTION, MAX_DETAIL, type CheckedSubmission, type FieldProblem } from '../reports/submissions.ts';

export interface SightingFormAppeal {
  slug: string;
  headline: string;
  lastSeenPlace: string;
}

const EMERGENCY = 'If the child is in danger now, or you can see them now, call 999.';

export function renderSightingForm(language: string, appeal: SightingFormAppeal, values: FormValues, problems: readonly FieldProblem[] = []): string {
  const action = `/appeals/${appeal.slug}/sighting?lang=${encodeURIComponent(language)}`;
  return page({
    language,
    title: problems.length > 0 ? `Error: I've seen this child` : `I've seen this child`,
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}<script src="/report/intake.js" defer></script>`,
    body: html`<h1>I've seen this child</h1>
<p class="warning">${EMERGENCY}</p>
<p>${appeal.headline}</p>
<p class="hint">Last seen: ${appeal.lastSeenPlace}</p>
${errorSummary(problems)}
<form class="stack" id="intake-form" method="post" action="${action}" enctype="multipart/form-data" novalidate
 data-draft-key="draft:sighting:${appeal.slug}" data-restored-text="What you typed earlier has been put back." data-sending-text="Sending…"
 data-offline-text="No connection. What you typed is kept on this device; trying again…">
${hiddenIntakeFields(values.idempotency_key ?? '')}
${textField(values, problems, { name: 'seen_at', label: 'When did you see them?', hint: 'Leave empty if it is now.', type: 'datetime-local' })}
${placeField(values, problems, 'Where did you see them?')}
${textField(values, problems, { name: 'description', label: 'What did you see?', hint: 'What they looked like, what they were wearing, what they were doing.', type: 'textarea', maxLength: MAX_DESCRIPTION, required: true })}
${textField(values, problems, { name: 'direction', label: 'Which way were they going? (optional)', maxLength: MAX_DETAIL })}
${textField(values, problems, { name: 'companions', label: 'Who were they with? (optional)', maxLength: MAX_DETAIL })}
${textField(values, problems, { name: 'vehicle', label: 'Any vehicle? (optional)', hint: 'Make, colour, registration.', maxLength: MAX_DETAIL })}
<div class="field"><label for="photo">A photo (optional)</label><p class="hint" id="photo-hint">JPEG, PNG or WebP, up to 10 MB. Only the police see it.</p>
<input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-hint"></div>
<fieldset><legend>Your details (optional)</legend><p class="hint">So the police can call you back. Leave empty to stay anonymous.</p>
${textField(values, problems, { name: 'contact_name', label: 'Name', maxLength: 200, autocomplete: 'name' })}
${textField(values, problems, { name: 'contact_phone', label: 'Phone', type: 'tel', maxLength: 40, autocomplete: 'tel' })}
${textField(values, problems, { name: 'contact_email', label: 'Email', type: 'email', maxLength: 254, autocomplete: 'email' })}
</fieldset>
<p id="submit-status" aria-live="polite"></p>
<button type="submit" class="submit">Send to the police</button>
</form>`,
  });
}

export function renderSightingReceipt(language: string, reference: string, sent?: CheckedSubmission): string {
  return page({
    language,
    title: 'Sighting received',
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}`,
    body: html`<h1>Thank you: the police have your sighting</h1>
<p class="notice">Your reference is <span class="reference">${reference}</span>. Quote it if you call 116 000 or the police about this.</p>
<p class="warning">${EMERGENCY}</p>
${sent
  ? sentSummary([
      ['When', sent.seenAt?.toISOString() ?? null],
      ['Where', sent.placeText ?? (sent.lat !== null ? `${sent.lat}, ${sent.lon}` : null)],
      ['What you saw', sent.description],
      ['Direction', (sent.details.direction as string | undefined) ?? null],
      ['With', (sent.details.companions as string | undefined) ?? null],
      ['Vehicle', (sent.details.vehicle as string | undefined) ?? null],
      ['Name', sent.contactName],
      ['Phone', sent.contactPhone],
      ['Email', sent.contactEmail],
    ])
  : ''}`,
  });
}

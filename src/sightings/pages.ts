// The sighting form of an appeal and its receipt. A plain HTML form that works without JavaScript; the
// intake script adds "use my location", the proof-of-work and retrying (it keeps no draft on the device). Every word comes
// from the locale files, in the reader's language.
import { translator } from '../i18n/i18n.ts';
import { page } from '../public-site/html.ts';
import { html } from '../http/html.ts';
import { privacyNoticeLink } from '../public-site/legal-pages.ts';
import {
  errorSummary,
  formatSentTime,
  hiddenIntakeFields,
  INTAKE_FORM_STYLE,
  intakeScriptMessages,
  placeField,
  problemText,
  referenceNotice,
  sentSummary,
  textField,
  type FormValues,
} from '../reports/form-page.ts';
import { MAX_DESCRIPTION, MAX_DETAIL, type CheckedSubmission, type FieldProblem } from '../reports/submissions.ts';

export interface SightingFormAppeal {
  slug: string;
  headline: string;
  lastSeenPlace: string;
}

export function renderSightingForm(
  language: string,
  appeal: SightingFormAppeal,
  values: FormValues,
  problems: readonly FieldProblem[] = [],
): string {
  const t = translator(language);
  const action = `/appeals/${appeal.slug}/sighting?lang=${encodeURIComponent(language)}`;
  const title = t('intake.sighting.title');
  const photoProblems = problems.filter((problem) => problem.field === 'photo');
  return page({
    language,
    title: problems.length > 0 ? `${t('intake.errorTitle')}: ${title}` : title,
    // A blank form is for search engines to find; one holding what was typed is not.
    head: html`${problems.length > 0 ? html`<meta name="robots" content="noindex">` : ''}${INTAKE_FORM_STYLE}<script src="/report/intake.js" defer></script>`,
    path: `/appeals/${appeal.slug}/sighting`,
    quickExit: true,
    body: html`<h1>${title}</h1>
<p class="warning">${t('intake.sighting.emergency')}</p>
<p><a href="/appeals/${appeal.slug}?lang=${encodeURIComponent(language)}"><bdi>${appeal.headline}</bdi></a></p>
<p class="hint">${t('appeal.lastSeen')}: <bdi>${appeal.lastSeenPlace}</bdi></p>
${errorSummary(t, problems)}
<form class="stack" id="intake-form" method="post" action="${action}" enctype="multipart/form-data" novalidate${intakeScriptMessages(t)}>
${hiddenIntakeFields(t, values.idempotency_key ?? '')}
${textField(t, values, problems, { name: 'seen_at', label: t('intake.sighting.seenAt'), hint: t('intake.sighting.seenAtHint'), type: 'datetime-local' })}
${placeField(t, values, problems, t('intake.sighting.where'))}
${textField(t, values, problems, { name: 'description', label: t('intake.sighting.description'), hint: t('intake.sighting.descriptionHint'), type: 'textarea', maxLength: MAX_DESCRIPTION, required: true })}
${textField(t, values, problems, { name: 'direction', label: t('intake.sighting.direction'), maxLength: MAX_DETAIL })}
${textField(t, values, problems, { name: 'companions', label: t('intake.sighting.companions'), maxLength: MAX_DETAIL })}
${textField(t, values, problems, { name: 'vehicle', label: t('intake.sighting.vehicle'), hint: t('intake.sighting.vehicleHint'), maxLength: MAX_DETAIL })}
<div class="field"><label for="photo">${t('intake.sighting.photo')}</label><p class="hint" id="photo-hint">${t('intake.sighting.photoHint')}</p>
${photoProblems.length > 0 ? html`<p class="error" id="photo-error">${photoProblems.map((problem) => html`<span>${problemText(t, problem)} </span>`)}</p>` : ''}
<input type="file" id="photo" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-hint${photoProblems.length > 0 ? ' photo-error' : ''}"${photoProblems.length > 0 ? html` aria-invalid="true"` : ''}></div>
<fieldset><legend>${t('intake.yourDetails')}</legend><p class="hint">${t('intake.sighting.detailsHint')}</p>
${textField(t, values, problems, { name: 'contact_name', label: t('intake.name'), maxLength: 200, autocomplete: 'name' })}
${textField(t, values, problems, { name: 'contact_phone', label: t('intake.phone'), type: 'tel', maxLength: 40, autocomplete: 'tel' })}
${textField(t, values, problems, { name: 'contact_email', label: t('intake.email'), type: 'email', maxLength: 254, autocomplete: 'email' })}
</fieldset>
${privacyNoticeLink(language)}
<p id="submit-status" aria-live="polite"></p>
<button type="submit" class="submit">${t('intake.sighting.submit')}</button>
</form>`,
  });
}

export function renderSightingReceipt(language: string, reference: string, sent?: CheckedSubmission): string {
  const t = translator(language);
  return page({
    language,
    title: t('intake.sighting.receivedTitle'),
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}`,
    body: html`<h1>${t('intake.sighting.receivedHeading')}</h1>
${referenceNotice(t, reference, 'intake.sighting.quote')}
<p class="warning">${t('intake.sighting.emergency')}</p>
${
  sent
    ? sentSummary(t, [
        [t('intake.sent.when'), formatSentTime(sent.seenAt, language)],
        [t('intake.sent.where'), sent.placeText ?? (sent.lat !== null ? `${sent.lat}, ${sent.lon}` : null)],
        [t('intake.sent.whatYouSaw'), sent.description],
        [t('intake.sent.direction'), (sent.details.direction as string | undefined) ?? null],
        [t('intake.sent.with'), (sent.details.companions as string | undefined) ?? null],
        [t('intake.sent.vehicle'), (sent.details.vehicle as string | undefined) ?? null],
        [t('intake.name'), sent.contactName],
        [t('intake.phone'), sent.contactPhone],
        [t('intake.email'), sent.contactEmail],
      ])
    : ''
}
<p><a href="/?lang=${encodeURIComponent(language)}">${t('intake.backHome')}</a></p>`,
  });
}

// The report form (the "report" button) and its receipt. The emergency banner comes before anything else.
// Every word comes from the locale files, in the reader's language.
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
} from './form-page.ts';
import { MAX_DESCRIPTION, MAX_DETAIL, MAX_LINKS, REPORT_CATEGORIES, type CheckedSubmission, type FieldProblem } from './submissions.ts';

export function renderReportForm(language: string, values: FormValues, problems: readonly FieldProblem[] = []): string {
  const t = translator(language);
  const categoryProblem = problems.find((problem) => problem.field === 'category');
  const linksProblem = problems.find((problem) => problem.field === 'links');
  const attachmentProblems = problems.filter((problem) => problem.field === 'attachments');
  const from = values.from ? `&from=${encodeURIComponent(values.from)}` : '';
  const title = t('report.title');
  return page({
    language,
    title: problems.length > 0 ? `${t('intake.errorTitle')}: ${title}` : title,
    // A blank form is for search engines to find; one holding what was typed, or a partner's page, is not.
    head: html`${problems.length > 0 || values.from ? html`<meta name="robots" content="noindex">` : ''}${INTAKE_FORM_STYLE}<script src="/report/intake.js" defer></script>`,
    path: values.from ? `/report?from=${encodeURIComponent(values.from)}` : '/report',
    quickExit: true,
    body: html`<p class="warning" role="note">${t('report.banner')}</p>
<h1>${title}</h1>
${errorSummary(t, problems)}
<form class="stack" id="intake-form" method="post" action="/report?lang=${encodeURIComponent(language)}${from}" enctype="multipart/form-data" novalidate autocomplete="off"${intakeScriptMessages(t)}>
${hiddenIntakeFields(t, values.idempotency_key ?? '')}
<input type="hidden" name="from" value="${values.from ?? ''}">
<fieldset class="field${categoryProblem ? ' invalid' : ''}" id="category"${categoryProblem ? html` aria-describedby="category-error"` : ''}><legend>${t('report.about')}</legend>
${categoryProblem ? html`<p class="error" id="category-error">${problemText(t, categoryProblem)}</p>` : ''}
${REPORT_CATEGORIES.map(
  (category) =>
    html`<div class="choice"><input type="radio" id="category_${category}" name="category" value="${category}"${values.category === category ? html` checked` : ''}><label for="category_${category}">${t(`report.category.${category}`)}</label></div>`,
)}
</fieldset>
${textField(t, values, problems, { name: 'description', label: t('report.whatHappened'), type: 'textarea', maxLength: MAX_DESCRIPTION, required: true })}
${textField(t, values, problems, { name: 'seen_at', label: t('report.when'), type: 'datetime-local' })}
${placeField(t, values, problems, t('report.where'))}
${textField(t, values, problems, { name: 'who', label: t('report.who'), hint: t('report.whoHint'), maxLength: MAX_DETAIL })}
<fieldset class="field${linksProblem ? ' invalid' : ''}" id="links"${linksProblem ? html` aria-describedby="links-error"` : ''}><legend>${t('report.links')}</legend><p class="hint">${t('report.linksHint', { max: MAX_LINKS })}</p>
${linksProblem ? html`<p class="error" id="links-error">${problemText(t, linksProblem)}</p>` : ''}
${Array.from({ length: MAX_LINKS }, (_, index) => html`<label for="link${index + 1}" class="hint">${t('report.link', { number: index + 1 })}</label><input type="url" id="link${index + 1}" name="link${index + 1}" maxlength="2000" dir="ltr" value="${values[`link${index + 1}`] ?? ''}">`)}
</fieldset>
<div class="field${attachmentProblems.length > 0 ? ' invalid' : ''}" id="attachments"><label for="attachment1">${t('report.attachments')}</label><p class="hint" id="attachments-hint">${t('report.attachmentsHint')}</p>
${attachmentProblems.map((problem) => html`<p class="error">${problemText(t, problem)}</p>`)}
<input type="file" id="attachment1" name="attachment" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="attachments-hint"></div>
<fieldset><legend>${t('intake.yourDetails')}</legend><p class="hint">${t('report.detailsHint')}</p>
${textField(t, values, problems, { name: 'contact_name', label: t('intake.name'), maxLength: 200 })}
${textField(t, values, problems, { name: 'contact_phone', label: t('intake.phone'), type: 'tel', maxLength: 40 })}
${textField(t, values, problems, { name: 'contact_email', label: t('intake.email'), type: 'email', maxLength: 254 })}
</fieldset>
${privacyNoticeLink(language)}
<p id="submit-status" aria-live="polite"></p>
<button type="submit" class="submit">${t('report.submit')}</button>
</form>`,
  });
}

export function renderReportReceipt(language: string, reference: string, sent?: CheckedSubmission): string {
  const t = translator(language);
  const links = (sent?.details.links as string[] | undefined) ?? [];
  return page({
    language,
    title: t('report.receivedTitle'),
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}`,
    quickExit: true,
    body: html`<p class="warning" role="note">${t('report.banner')}</p>
<h1>${t('report.receivedHeading')}</h1>
${referenceNotice(t, reference, 'report.quote')}
${
  sent
    ? sentSummary(t, [
        [t('intake.sent.about'), sent.category ? t(`report.category.${sent.category}`) : null],
        [t('intake.sent.whatHappened'), sent.description],
        [t('intake.sent.when'), formatSentTime(sent.seenAt, language)],
        [t('intake.sent.where'), sent.placeText ?? (sent.lat !== null ? `${sent.lat}, ${sent.lon}` : null)],
        [t('intake.sent.who'), (sent.details.who as string | undefined) ?? null],
        [t('intake.sent.links'), links.join('\n')],
        [t('intake.name'), sent.contactName],
        [t('intake.phone'), sent.contactPhone],
        [t('intake.email'), sent.contactEmail],
      ])
    : ''
}
<p><a href="/?lang=${encodeURIComponent(language)}">${t('intake.backHome')}</a></p>`,
  });
}

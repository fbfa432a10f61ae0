// The report form (the "report" button) and its receipt. The emergency banner comes before anything else.
import { html, page } from '../public-site/html.ts';
import { errorSummary, hiddenIntakeFields, INTAKE_FORM_STYLE, placeField, sentSummary, textField, type FormValues } from './form-page.ts';
import { MAX_DESCRIPTION, MAX_DETAIL, MAX_LINKS, REPORT_CATEGORIES, type CheckedSubmission, type FieldProblem, type ReportCategory } from './submissions.ts';

export const REPORT_BANNER = 'If a child is in danger now, call 999. If you have seen a missing child, call 116 000. This is not an emergency service.';

export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  suspected_trafficking: 'Suspected trafficking',
  online_grooming: 'Online grooming or abuse',
  child_at_risk: 'A child at risk',
  missing_child_information: 'Information about a missing child',
  other: 'Something else',
};

export function renderReportForm(language: string, values: FormValues, problems: readonly FieldProblem[] = []): string {
  const categoryProblem = problems.find((problem) => problem.field === 'category');
  const linksProblem = problems.find((problem) => problem.field === 'links');
  const attachmentProblems = problems.filter((problem) => problem.field === 'attachments');
  const from = values.from ? `&from=${encodeURIComponent(values.from)}` : '';
  return page({
    language,
    title: problems.length > 0 ? 'Error: Report a concern about a child' : 'Report a concern about a child',
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}<script src="/report/intake.js" defer></script>`,
    body: html`<p class="warning" role="note">${REPORT_BANNER}</p>
<h1>Report a concern about a child</h1>
${errorSummary(problems)}
<form class="stack" id="intake-form" method="post" action="/report?lang=${encodeURIComponent(language)}${from}" enctype="multipart/form-data" novalidate
 data-draft-key="draft:report" data-restored-text="What you typed earlier has been put back." data-sending-text="Sending…"
 data-offline-text="No connection. What you typed is kept on this device; trying again…">
${hiddenIntakeFields(values.idempotency_key ?? '')}
<input type="hidden" name="from" value="${values.from ?? ''}">
<fieldset class="field${categoryProblem ? ' invalid' : ''}" id="category"${categoryProblem ? html` aria-describedby="category-error"` : ''}><legend>What is it about?</legend>
${categoryProblem ? html`<p class="error" id="category-error">${categoryProblem.detail}</p>` : ''}
${REPORT_CATEGORIES.map(
  (category) => html`<div><input type="radio" id="category_${category}" name="category" value="${category}"${values.category === category ? html` checked` : ''}> <label for="category_${category}" style="display:inline;font-weight:400">${CATEGORY_LABELS[category]}</label></div>`,
)}
</fieldset>
${textField(values, problems, { name: 'description', label: 'What happened?', type: 'textarea', maxLength: MAX_DESCRIPTION, required: true })}
${textField(values, problems, { name: 'seen_at', label: 'When? (optional)', type: 'datetime-local' })}
${placeField(values, problems, 'Where? (optional)')}
${textField(values, problems, { name: 'who', label: 'Who is involved? (optional)', hint: 'Names, user names, descriptions.', maxLength: MAX_DETAIL })}
<fieldset class="field${linksProblem ? ' invalid' : ''}" id="links"><legend>Links (optional)</legend><p class="hint">Web pages or profiles, up to ${MAX_LINKS}.</p>
${linksProblem ? html`<p class="error" id="links-error">${linksProblem.detail}</p>` : ''}
${Array.from({ length: MAX_LINKS }, (_, index) => html`<label for="link${index + 1}" class="hint">Link ${index + 1}</label><input type="url" id="link${index + 1}" name="link${index + 1}" maxlength="2000" value="${values[`link${index + 1}`] ?? ''}">`)}
</fieldset>
<div class="field${attachmentProblems.length > 0 ? ' invalid' : ''}" id="attachments"><label for="attachment1">Photos or screenshots (optional)</label><p class="hint">Up to 3 files: JPEG, PNG or WebP, each up to 10 MB. Only the police see them.</p>
${attachmentProblems.map((problem) => html`<p class="error">${problem.detail}</p>`)}
<input type="file" id="attachment1" name="attachment" accept="image/jpeg,image/png,image/webp" multiple></div>
<fieldset><legend>Your details (optional)</legend><p class="hint">Leave empty to report anonymously.</p>
${textField(values, problems, { name: 'contact_name', label: 'Name', maxLength: 200, autocomplete: 'name' })}
${textField(values, problems, { name: 'contact_phone', label: 'Phone', type: 'tel', maxLength: 40, autocomplete: 'tel' })}
${textField(values, problems, { name: 'contact_email', label: 'Email', type: 'email', maxLength: 254, autocomplete: 'email' })}
</fieldset>
<p id="submit-status" aria-live="polite"></p>
<button type="submit" class="submit">Send the report</button>
</form>`,
  });
}

export function renderReportReceipt(language: string, reference: string, sent?: CheckedSubmission): string {
  const links = (sent?.details.links as string[] | undefined) ?? [];
  return page({
    language,
    title: 'Report received',
    head: html`<meta name="robots" content="noindex">${INTAKE_FORM_STYLE}`,
    body: html`<p class="warning" role="note">${REPORT_BANNER}</p>
<h1>Thank you: your report has been received</h1>
<p class="notice">Your reference is <span class="reference">${reference}</span>. Quote it if you contact the police about this.</p>
${sent
  ? sentSummary([
      ['About', sent.category ? CATEGORY_LABELS[sent.category] : null],
      ['What happened', sent.description],
      ['When', sent.seenAt?.toISOString() ?? null],
      ['Where', sent.placeText ?? (sent.lat !== null ? `${sent.lat}, ${sent.lon}` : null)],
      ['Who', (sent.details.who as string | undefined) ?? null],
      ['Links', links.join('\n')],
      ['Name', sent.contactName],
      ['Phone', sent.contactPhone],
      ['Email', sent.contactEmail],
    ])
  : ''}`,
  });
}

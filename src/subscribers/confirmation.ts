// What a confirmation says: the link (email) or the code (SMS) that starts someone's alerts, in the
// language they chose. The dispatch workers render it from the delivery's payload.
import type { NoticeContent } from '../channels/channel.ts';
import { isRightToLeft, isSiteLanguage, translator } from '../i18n/i18n.ts';
import { escapeHtml } from '../http/html.ts';

/** What a confirmation says: the code to type in, or the link to follow (email), in the recipient's language. */
export interface ConfirmationPayload {
  code?: string;
  link?: string;
  language: string;
}

export function confirmationContent(payload: ConfirmationPayload, publicUrl: string): NoticeContent {
  const language = isSiteLanguage(payload.language) ? payload.language : 'en';
  const t = translator(language);
  const url = payload.link ?? `${publicUrl}/alerts/sign-up?lang=${language}`;
  const subject = t('subscribe.message.subject');
  const site = t('site.name');

  const text = [
    t('subscribe.message.intro'),
    payload.link ? `${t('subscribe.message.link')}\n${payload.link}` : '',
    payload.code ? t('subscribe.message.code', { code: payload.code }) : '',
    t('subscribe.message.ignore'),
    site,
  ]
    .filter((part) => part !== '')
    .join('\n\n');

  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  const body = [
    `<p>${escapeHtml(t('subscribe.message.intro'))}</p>`,
    payload.link
      ? `<p>${escapeHtml(t('subscribe.message.link'))}</p><p><a href="${escapeHtml(payload.link)}" style="display:inline-block;background:#b91c1c;color:#fff;padding:12px 18px;border-radius:6px;font-weight:bold;text-decoration:none">${escapeHtml(t('subscribe.message.button'))}</a></p><p style="word-break:break-all;font-size:90%">${escapeHtml(payload.link)}</p>`
      : '',
    payload.code ? `<p style="font-size:130%"><strong>${escapeHtml(t('subscribe.message.code', { code: payload.code }))}</strong></p>` : '',
    `<p>${escapeHtml(t('subscribe.message.ignore'))}</p>`,
    `<p>${escapeHtml(site)}</p>`,
  ].join('');
  const html = `<!doctype html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;max-width:40em">${body}</body></html>`;

  return {
    language,
    status: 'Actual',
    subject,
    text,
    html,
    sms: payload.code ? t('subscribe.message.sms', { code: payload.code }) : `${subject}: ${url}`,
    url,
    webhookType: 'subscription.confirm',
    webhookData: {},
  };
}

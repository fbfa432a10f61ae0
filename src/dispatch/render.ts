// What a recipient is sent, per message, notice and language. The words of an appeal are the officers'
// (the alert's content in that language, or its first language); the few fixed words (found, withdrawn,
// exercise marks, the unsubscribe footer) come from the locale files. Rendered once per message and
// language and shared by every recipient of it.
import type { AppDeps } from '../app-deps.ts';
import type { NoticeContent, Notice } from '../channels/channel.ts';
import { escapeHtml, html } from '../http/html.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { isRightToLeft, translator } from '../i18n/i18n.ts';
import { confirmationContent } from '../subscribers/confirmation.ts';
import { markedText, withoutLeadingMark } from '../alerts/status-mark.ts';
import { messageForDispatch, type MessageForDispatch } from '../alerts/dispatch-view.ts';
import type { ConfirmationPayload } from './queue.ts';

type RenderDeps = Pick<AppDeps, 'db' | 'media'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

/** The content block for a language: exact, then the same primary language, then the alert's first. */
function contentFor(facts: MessageForDispatch, language: string) {
  const primary = language.split('-')[0]!.toLowerCase();
  return (
    facts.contents.find((c) => c.language.toLowerCase() === language.toLowerCase()) ??
    facts.contents.find((c) => c.language.split('-')[0]!.toLowerCase() === primary) ??
    facts.contents[0]!
  );
}

const WEBHOOK_TYPES: Record<Exclude<Notice, 'confirm'>, string> = {
  alert: 'alert.published',
  update: 'alert.updated',
  reissue: 'alert.reissued',
  found: 'alert.found',
  withdrawn: 'alert.withdrawn',
};

function emailDocument(language: string, title: string, body: string): string {
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  return `<!doctype html><html lang="${escapeHtml(language)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em">${body}</body></html>`;
}

export async function renderAlertNotice(
  deps: RenderDeps,
  messageId: string,
  notice: Exclude<Notice, 'confirm'>,
  language: string,
  issue: number,
): Promise<NoticeContent | null> {
  const facts = await messageForDispatch(deps.db, messageId);
  if (!facts) return null;
  const content = contentFor(facts, language);
  const lang = content.language;
  const t = translator(lang);
  // Every subject, text and SMS of an exercise or a test opens with its mark, once (see status-mark.ts).
  const mark = (text: string) => markedText(facts.status, text, lang);
  const appealUrl = `${deps.config.publicUrl}/appeals/${facts.slug}?lang=${encodeURIComponent(lang)}`;
  const capUrl = `${deps.config.publicUrl}/cap/${encodeURIComponent(facts.identifier)}.xml`;
  const base = {
    alertId: facts.alertId,
    identifier: facts.identifier,
    msgType: facts.msgType,
    status: facts.status,
    sent: facts.sent.toISOString(),
    capUrl,
    issue,
  };

  if (notice === 'found' || notice === 'withdrawn') {
    // Once the child is found nothing about them goes out again: no name, no photo, no description.
    const when = formatDateTime(facts.firstSent, lang);
    const key = notice === 'found' ? 'dispatch.found' : 'dispatch.withdrawn';
    const subject = mark(t(`${key}Subject`));
    const words = t(`${key}Text`, { when });
    return {
      language: lang,
      status: facts.status,
      subject,
      // As an appeal's text, it opens with the subject (a push shows the subject as its title, and the rest under it).
      text: `${subject}\n\n${words}`,
      html: emailDocument(lang, subject, html`<h1>${subject}</h1><p>${words}</p>`.toString()),
      sms: mark(words),
      url: `${deps.config.publicUrl}/appeals`,
      webhookType: WEBHOOK_TYPES[notice],
      // Found, never "found safe": no notice says how the child was found.
      webhookData: { ...base, reason: facts.withdrawalReason === 'cancelled' ? 'cancelled' : 'found', language: lang },
      occurredAt: facts.sent,
    };
  }

  const photo = facts.photo ? await deps.media.get(facts.photo.key) : null;
  const photoUrl = facts.photo ? `${deps.config.publicUrl}/appeals/${facts.slug}/photos/${facts.photo.position + 1}.jpg` : undefined;
  const prefix = notice === 'update' ? `${t('dispatch.updatePrefix')} ` : '';
  const subject = mark(`${prefix}${withoutLeadingMark(facts.status, content.headline, lang)}`);
  const lastSeen = t('dispatch.lastSeen', { place: facts.lastSeenPlace, when: formatDateTime(facts.lastSeenAt, lang) });
  const text = [subject, content.description, lastSeen, content.instruction, content.contact, appealUrl].filter(Boolean).join('\n\n');
  const body = html`<h1>${subject}</h1>
    ${photo ? html`<p><img src="cid:appeal-photo" alt="${t('dispatch.photoAlt')}" width="320"></p>` : ''}
    <p>${content.description}</p>
    <p><strong>${lastSeen}</strong></p>
    <p>${content.instruction}</p>
    <p>${content.contact}</p>
    <p><a href="${appealUrl}">${t('dispatch.openAppeal')}</a></p>`.toString();
  return {
    language: lang,
    status: facts.status,
    subject,
    text,
    html: emailDocument(lang, subject, body),
    sms: mark(`${prefix}${withoutLeadingMark(facts.status, content.sms_text, lang)}`),
    url: appealUrl,
    ...(photo && photoUrl
      ? { photo: { url: photoUrl, bytes: photo.bytes, contentType: 'image/jpeg' as const, filename: 'appeal.jpg' } }
      : {}),
    webhookType: WEBHOOK_TYPES[notice],
    webhookData: {
      ...base,
      url: appealUrl,
      language: lang,
      headline: content.headline,
      description: content.description,
      instruction: content.instruction,
      contact: content.contact,
      lastSeen: { place: facts.lastSeenPlace, at: facts.lastSeenAt.toISOString() },
      photoUrl: photoUrl ?? null,
      expires: facts.expiresAt?.toISOString() ?? null,
    },
    occurredAt: facts.sent,
  };
}

/** The per-recipient part of an email: the footer with their unsubscribe link. */
export function withUnsubscribeFooter(content: NoticeContent, unsubscribeUrl: string): NoticeContent {
  const t = translator(content.language);
  const footerText = t('dispatch.unsubscribeFooter');
  return {
    ...content,
    text: `${content.text}\n\n--\n${footerText} ${unsubscribeUrl}`,
    html: content.html.replace(
      '</body>',
      `${html`<hr><p style="font-size:small">${footerText} <a href="${unsubscribeUrl}">${t('dispatch.unsubscribe')}</a></p>`.toString()}</body>`,
    ),
  };
}

/**
 * Renders and remembers: every recipient of one message in one language shares one rendering. The
 * cache is small and per worker; a new message evicts the oldest entries.
 */
export function noticeRenderer(deps: RenderDeps, maxEntries = 200) {
  const cache = new Map<string, Promise<NoticeContent | null>>();
  return {
    alertNotice(messageId: string, notice: Exclude<Notice, 'confirm'>, language: string, issue: number): Promise<NoticeContent | null> {
      const key = `${messageId}|${notice}|${language}|${issue}`;
      let entry = cache.get(key);
      if (!entry) {
        entry = renderAlertNotice(deps, messageId, notice, language, issue);
        entry.catch(() => cache.delete(key));
        cache.set(key, entry);
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      }
      return entry;
    },
    confirmation(payload: ConfirmationPayload): NoticeContent {
      return confirmationContent(payload, deps.config.publicUrl);
    },
  };
}
export type NoticeRenderer = ReturnType<typeof noticeRenderer>;

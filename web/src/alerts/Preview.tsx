// What recipients will see, drawn from the draft as it stands: the public appeal page, the SMS, the email,
// the push notification and the cell-broadcast text, in one language at a time. The layout follows the
// server's renderers (src/public-site/appeal-page.ts, src/dispatch/render.ts): the officers' words, with
// the fixed words (exercise marks, "Last seen") in the language of the text where the console has it.
// A push notification carries the email's text as its body (src/channels/push.ts), the subject included.
import { useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { CONSOLE_LANGUAGES } from '../app/i18n.ts';
import { characters, countSms, directionOf, languageName, TEXT_LIMITS } from './counting.ts';
import { isolate } from './shared.tsx';
import type { AlertContent, CapStatus } from './types.ts';

export interface PreviewProps {
  contents: AlertContent[];
  capStatus: CapStatus;
  lastSeen: { at: string; place: string };
  vehicle: string;
  suspect: string;
  photoUrls: string[];
  publicUrl: string;
  organisation: string;
}

/** Fixed words in the text's language when the console has that language, else English. */
function wordsFor(language: string) {
  const primary = language.split('-')[0]!.toLowerCase();
  const lang = (CONSOLE_LANGUAGES as readonly string[]).includes(primary) ? primary : 'en';
  return { t: i18next.getFixedT(lang, 'alerts'), lang };
}

function formatWhen(iso: string, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }).format(new Date(iso));
  } catch {
    return iso;
  }
}

export function Preview(props: PreviewProps) {
  const { t, i18n } = useTranslation('alerts');
  const [chosen, setChosen] = useState(0);
  const index = Math.min(chosen, props.contents.length - 1);
  const content = props.contents[index];
  if (!content) return <p>{t('preview.nothing')}</p>;
  const lang = content.language;
  const dir = directionOf(lang);
  const words = wordsFor(lang);
  const markWord = props.capStatus === 'Exercise' ? words.t('preview.markExercise') : props.capStatus === 'Test' ? words.t('preview.markTest') : '';
  // As render.ts: no second mark where the officers' own headline already says it.
  const marked = markWord && !content.headline.toLowerCase().includes(markWord.replace(/[[\]]/g, '').toLowerCase()) ? `${markWord} ` : '';
  const subject = `${marked}${content.headline}`;
  const appealUrl = `${props.publicUrl}?lang=${encodeURIComponent(lang)}`;
  const lastSeenLine = words.t('preview.lastSeenLine', { place: props.lastSeen.place, when: formatWhen(props.lastSeen.at, words.lang) });
  const emailText = [subject, content.description, lastSeenLine, content.instruction, content.contact, appealUrl].filter(Boolean).join('\n\n');
  const sms = `${marked}${content.smsText}`;
  const smsCount = countSms(sms);
  const banner = props.capStatus === 'Exercise' ? words.t('preview.exerciseBanner') : props.capStatus === 'Test' ? words.t('preview.testBanner') : '';

  return (
    <div className="preview stack">
      {props.contents.length > 1 ? (
        <label>
          {t('preview.language')}
          <select value={index} onChange={(e) => setChosen(Number(e.target.value))}>
            {props.contents.map((c, i) => (
              <option key={i} value={i}>
                {languageName(c.language, i18n.language)} ({c.language})
              </option>
            ))}
          </select>
        </label>
      ) : null}

      <section aria-labelledby="preview-appeal" className="preview-card">
        <h3 id="preview-appeal">{t('preview.appeal')}</h3>
        <p className="muted small" dir="ltr">{props.publicUrl}</p>
        <div className="appeal-frame" lang={lang} dir={dir}>
          {banner ? <p className="exercise-banner">{banner}</p> : null}
          <p className="kicker">{words.t('preview.kicker')}</p>
          <p className="appeal-headline">{content.headline}</p>
          {props.photoUrls.length > 0 ? (
            <div className="appeal-photos">
              {props.photoUrls.map((src) => (
                <img key={src} src={src} alt={words.t('preview.photoAlt')} />
              ))}
            </div>
          ) : null}
          {content.description.split(/\n{2,}/).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          <dl className="facts">
            <dt>{words.t('preview.lastSeen')}</dt>
            <dd>
              {props.lastSeen.place}, {formatWhen(props.lastSeen.at, words.lang)}
            </dd>
            {props.vehicle ? (
              <>
                <dt>{words.t('preview.vehicle')}</dt>
                <dd>{props.vehicle}</dd>
              </>
            ) : null}
            {props.suspect ? (
              <>
                <dt>{words.t('preview.suspect')}</dt>
                <dd>{props.suspect}</dd>
              </>
            ) : null}
          </dl>
          <p className="appeal-subhead">{words.t('preview.whatToDo')}</p>
          <p>{content.instruction}</p>
          <p>
            <strong>{words.t('preview.contact')}:</strong> {content.contact}
          </p>
          <p>
            <span className="fake-button">{words.t('preview.reportSighting')}</span>
          </p>
          <p className="muted small">{props.organisation}</p>
        </div>
      </section>

      <section aria-labelledby="preview-sms" className="preview-card">
        <h3 id="preview-sms">{t('preview.sms')}</h3>
        <p className="sms-bubble" lang={lang} dir={dir}>
          {sms}
        </p>
        <p className="muted small">{t('counter.sms', { segments: smsCount.segments, encoding: isolate(smsCount.encoding), units: smsCount.units })}</p>
      </section>

      <section aria-labelledby="preview-email" className="preview-card">
        <h3 id="preview-email">{t('preview.email')}</h3>
        <dl className="email-head">
          <dt>{t('preview.subject')}</dt>
          <dd lang={lang} dir={dir}>
            {subject}
          </dd>
        </dl>
        <div className="email-body" lang={lang} dir={dir}>
          <p className="appeal-headline">{subject}</p>
          {props.photoUrls[0] ? <img src={props.photoUrls[0]} alt={words.t('preview.photoAlt')} width={160} /> : null}
          <p>{content.description}</p>
          <p>
            <strong>{lastSeenLine}</strong>
          </p>
          <p>{content.instruction}</p>
          <p>{content.contact}</p>
          <p className="fake-link">{words.t('preview.openAppeal')}</p>
        </div>
      </section>

      <section aria-labelledby="preview-push" className="preview-card">
        <h3 id="preview-push">{t('preview.push')}</h3>
        <div className="push-card" lang={lang} dir={dir}>
          <p className="push-title">{subject}</p>
          <p className="push-body">{emailText}</p>
        </div>
      </section>

      <section aria-labelledby="preview-broadcast" className="preview-card">
        <h3 id="preview-broadcast">{t('preview.broadcast')}</h3>
        <p className="broadcast-text" lang={lang} dir={dir}>
          {content.broadcastText}
        </p>
        <p className="muted small">{t('counter.broadcast', { length: characters(content.broadcastText), limit: TEXT_LIMITS.broadcastText })}</p>
      </section>
    </div>
  );
}

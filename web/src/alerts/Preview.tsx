// What recipients will get, rendered by the server's own renderers from the draft as it stands, unsaved
// changes included (POST /alerts/{id}/preview: nothing is stored): the public appeal page, the SMS, the
// email and the push notification, one language at a time. The cell-broadcast text goes out as written.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../app/api.ts';
import { DateTime } from '../app/ui.tsx';
import { characters, directionOf, languageName, TEXT_LIMITS } from './counting.ts';
import { isolate, ProblemSummary } from './shared.tsx';
import type { AlertContent, CapStatus } from './types.ts';

export interface PreviewDraft {
  capStatus: CapStatus;
  contents: AlertContent[];
  photoIds: string[];
  vehicle: string;
  suspect: string;
}

interface Rendered {
  language: string;
  appealHtml: string;
  sms: { text: string; encoding: string; segments: number; units: number };
  email: { subject: string; text: string; html: string };
  push: { title: string; body: string };
}

/** A rendered document shown in a frame that runs no script, grown to its content's height. */
function DocumentFrame({ html, title }: { html: string; title: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const fit = () => {
    const body = ref.current?.contentDocument?.documentElement;
    if (ref.current && body) ref.current.style.height = `${Math.min(body.scrollHeight + 4, 2400)}px`;
  };
  return <iframe ref={ref} className="document-frame" title={title} sandbox="allow-same-origin" srcDoc={html} onLoad={fit} />;
}

export function Preview({
  alertId,
  draft,
  headers,
}: {
  alertId: string;
  draft: PreviewDraft;
  headers: Record<string, string> | undefined;
}) {
  const { t, i18n } = useTranslation('alerts');
  const [chosen, setChosen] = useState(0);
  const [rendered, setRendered] = useState<{ view: Rendered; at: string; of: string }>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const index = Math.min(chosen, Math.max(0, draft.contents.length - 1));
  const content = draft.contents[index];
  const snapshot = JSON.stringify({ draft, language: content?.language });
  const stale = rendered !== undefined && rendered.of !== snapshot;
  const status = useRef<HTMLParagraphElement>(null);

  const render = async () => {
    if (!content) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const view = await post<Rendered>(
        `/alerts/${alertId}/preview`,
        {
          language: content.language,
          capStatus: draft.capStatus,
          contents: draft.contents,
          photoIds: draft.photoIds,
          vehicle: draft.vehicle,
          suspect: draft.suspect,
        },
        headers,
      );
      setRendered({ view, at: new Date().toISOString(), of: snapshot });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  // A new rendering takes focus, unless the draft has moved on since it was asked for.
  const focusIfCurrent = useEffectEvent(() => {
    if (!stale) status.current?.focus();
  });
  useEffect(() => {
    if (rendered) focusIfCurrent();
  }, [rendered]);

  if (!content) return <p>{t('preview.nothing')}</p>;
  const view = rendered?.view;
  const lang = view?.language ?? content.language;
  const dir = directionOf(lang);
  return (
    <div className="preview stack">
      <div className="row">
        {draft.contents.length > 1 ? (
          <label>
            {t('preview.language')}
            <select value={index} onChange={(e) => setChosen(Number(e.target.value))}>
              {draft.contents.map((c, i) => (
                <option key={i} value={i}>
                  {languageName(c.language, i18n.language)} ({c.language})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" className="secondary" disabled={busy} onClick={() => void render()}>
          {rendered ? t('preview.refresh') : t('preview.show')}
        </button>
      </div>
      <ProblemSummary error={problem} />
      {rendered ? (
        <p className={stale ? 'problem' : 'muted'} role="status" tabIndex={-1} ref={status}>
          {stale ? t('preview.stale') : t('preview.renderedAt')} <DateTime value={rendered.at} />
        </p>
      ) : (
        <p className="muted">{t('preview.intro')}</p>
      )}
      {view ? (
        <>
          <section aria-labelledby="preview-appeal" className="preview-card">
            <h3 id="preview-appeal">{t('preview.appeal')}</h3>
            <DocumentFrame html={view.appealHtml} title={t('preview.appealFrame')} />
          </section>

          <section aria-labelledby="preview-sms" className="preview-card">
            <h3 id="preview-sms">{t('preview.sms')}</h3>
            <p className="sms-bubble" lang={lang} dir={dir} data-testid="preview-sms">
              {view.sms.text}
            </p>
            <p className="muted small">
              {t('counter.sms', { segments: view.sms.segments, encoding: isolate(view.sms.encoding), units: view.sms.units })}
            </p>
          </section>

          <section aria-labelledby="preview-email" className="preview-card">
            <h3 id="preview-email">{t('preview.email')}</h3>
            <dl className="email-head">
              <dt>{t('preview.subject')}</dt>
              <dd lang={lang} dir={dir}>
                {view.email.subject}
              </dd>
            </dl>
            <DocumentFrame html={view.email.html} title={t('preview.emailFrame')} />
          </section>

          <section aria-labelledby="preview-push" className="preview-card">
            <h3 id="preview-push">{t('preview.push')}</h3>
            <div className="push-card" lang={lang} dir={dir}>
              <p className="push-title">{view.push.title}</p>
              <p className="push-body">{view.push.body}</p>
            </div>
          </section>

          <section aria-labelledby="preview-broadcast" className="preview-card">
            <h3 id="preview-broadcast">{t('preview.broadcast')}</h3>
            <p className="broadcast-text" lang={lang} dir={dir}>
              {(draft.contents.find((c) => c.language === view.language) ?? content).broadcastText}
            </p>
            <p className="muted small">
              {t('counter.broadcast', {
                length: characters((draft.contents.find((c) => c.language === view.language) ?? content).broadcastText),
                limit: TEXT_LIMITS.broadcastText,
              })}
            </p>
          </section>
        </>
      ) : null}
    </div>
  );
}

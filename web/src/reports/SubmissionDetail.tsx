// One sighting or report in full: what was seen, flags, contact details (this read is audited), the
// original attachments as downloads, the notes so far, and the triage form: a note with a status change
// or a reassignment, refused by the server (409) if someone else worked it since it was read.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading } from '../app/ui.tsx';
import { FieldError, problemAria, problemMessage } from '../app/forms.tsx';
import { useForceAreas, useQueueName } from './queueNames.ts';
import {
  NATIONAL_QUEUE,
  NEXT_STATUSES,
  priorityBand,
  queueOfJurisdiction,
  type SubmissionDetailView,
  type SubmissionStatus,
  type TriageResult,
} from './types.ts';
import './reports.css';

const DETAIL_FIELDS = ['direction', 'companions', 'vehicle', 'who', 'from'] as const;

export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useTranslation('reports');
  const band = priorityBand(priority);
  return <span className={`badge ${band}`}>{t('priority.badge', { band: t(`priority.${band}`), score: priority })}</span>;
}

function bytesText(bytes: number, language: string): string {
  const format = (n: number, unit: string) => `${n.toLocaleString(language, { maximumFractionDigits: 1 })} ${unit}`;
  if (bytes >= 1024 * 1024) return format(bytes / (1024 * 1024), 'MB');
  if (bytes >= 1024) return format(bytes / 1024, 'KB');
  return format(bytes, 'B');
}

/** Which form field a problem's JSON Pointer names ("/note", "/body/note"), if any. */
function fieldOf(pointer: string | undefined): 'note' | 'status' | 'queue' | undefined {
  const name = pointer?.split('/').filter(Boolean).pop();
  return name === 'note' || name === 'status' || name === 'queue' ? name : undefined;
}

const APPEAL_STATE_KEYS = { live: 'detail.appealLive', ended: 'detail.appealEnded', not_public: 'detail.appealNotPublic' } as const;

/**
 * Which appeal a sighting is about: the child by name, linking to the alert, for a reader who reaches the
 * case; a sensitive case's child only once a reason is given on the alert's page; for a force that reaches
 * the sighting only because it was seen in its area, what the public sees.
 */
function AppealAbout({ appeal }: { appeal: NonNullable<SubmissionDetailView['appeal']> }) {
  const { t } = useTranslation('reports');
  const state = <span className={`badge appeal-${appeal.state}`}>{t(APPEAL_STATE_KEYS[appeal.state])}</span>;
  if (appeal.caseReach) {
    const text = appeal.childName
      ? t('detail.appealFor', { name: `\u2068${appeal.childName}\u2069` })
      : t('detail.appealWithheld', { reference: `\u2068${appeal.caseReference ?? ''}\u2069` });
    return (
      <div className="appeal-about">
        <p>
          <Link to={`/alerts/${appeal.alertId}`}>{text}</Link> {state}
        </p>
        {appeal.title ? <p className="muted">{appeal.title}</p> : null}
        {appeal.identityWithheld ? <p className="muted">{t('detail.appealWithheldHelp')}</p> : null}
      </div>
    );
  }
  return (
    <div className="appeal-about">
      <p>
        {t('detail.appealPublic')} {state}
      </p>
      <p className="muted">{t('detail.appealOutOfReach')}</p>
      {appeal.publicUrl ? (
        <p>
          <a href={appeal.publicUrl} target="_blank" rel="noopener noreferrer">
            {t('detail.appealPublicPage')}
          </a>
        </p>
      ) : null}
    </div>
  );
}

export interface SubmissionDetailProps {
  id: string;
  /** Called after a successful triage, so lists can refresh. */
  onChanged?: (result: TriageResult) => void;
  /** Called to close the panel. */
  onClose?: () => void;
  /** Shown on the sightings map already: no link to it. */
  onMap?: boolean;
}

export function SubmissionDetail({ id, onChanged, onClose, onMap = false }: SubmissionDetailProps) {
  const { t, i18n } = useTranslation('reports');
  const { can } = useSession();
  const queueName = useQueueName();
  const areas = useForceAreas();
  const heading = useRef<HTMLHeadingElement>(null);
  const [data, setData] = useState<SubmissionDetailView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  // The form survives reloads and errors: nothing typed is lost.
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<SubmissionStatus | ''>('');
  const [queue, setQueue] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'note' | 'status' | 'queue', string>>>({});
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string>();
  const [movedAway, setMovedAway] = useState<string>();

  useEffect(() => {
    setNote('');
    setStatus('');
    setQueue('');
    setSaved(undefined);
    setSaveError(undefined);
    setFieldErrors({});
    setConflict(false);
    setMovedAway(undefined);
  }, [id]);

  useEffect(() => {
    let live = true;
    setLoadError(undefined);
    get<SubmissionDetailView>(`/submissions/${id}`)
      .then((view) => {
        if (!live) return;
        setData(view);
      })
      .catch((error: unknown) => live && setLoadError(error));
    return () => {
      live = false;
    };
  }, [id, tick]);

  // Arriving on a submission moves focus to its heading, so keyboard and screen-reader users land on it.
  const focusedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (data?.id === id && focusedFor.current !== id) {
      focusedFor.current = id;
      heading.current?.focus();
    }
  }, [data, id]);

  if (movedAway) {
    return (
      <section className="submission-detail" aria-labelledby="submission-heading">
        <h2 id="submission-heading" tabIndex={-1} ref={heading}>
          {movedAway}
        </h2>
        <p className="notice" role="status">
          {saved}
        </p>
        {onClose ? (
          <button type="button" className="secondary" onClick={onClose}>
            {t('detail.close')}
          </button>
        ) : null}
      </section>
    );
  }
  if (loadError) {
    return (
      <section className="submission-detail" aria-label={t('detail.label')}>
        <ErrorMessage error={loadError} />
        <div className="row">
          <button type="button" className="secondary" onClick={() => setTick((n) => n + 1)}>
            {t('detail.retry')}
          </button>
          {onClose ? (
            <button type="button" className="secondary" onClick={onClose}>
              {t('detail.close')}
            </button>
          ) : null}
        </div>
      </section>
    );
  }
  if (!data || data.id !== id) return <Loading />;

  const title = t(data.kind === 'sighting' ? 'detail.sightingTitle' : 'detail.reportTitle', { reference: data.reference });
  const nextStatuses = NEXT_STATUSES[data.status];
  const queues = [NATIONAL_QUEUE, ...areas.map((a) => queueOfJurisdiction(a.code))].filter((q) => q !== data.queue);
  const links = Array.isArray(data.details.links) ? (data.details.links as unknown[]).map(String) : [];
  const mayTriage = can('submission:triage');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!data) return;
    setSaved(undefined);
    setSaveError(undefined);
    setConflict(false);
    if (note.trim() === '') {
      setFieldErrors({ note: t('form.noteRequired') });
      document.getElementById('triage-note')?.focus();
      return;
    }
    setFieldErrors({});
    setSaving(true);
    try {
      const result = await post<TriageResult>(`/submissions/${data.id}/triage`, {
        note: note.trim(),
        ...(status ? { status } : {}),
        ...(queue ? { queue } : {}),
        expectedUpdatedAt: data.updatedAt,
      });
      setNote('');
      setStatus('');
      setQueue('');
      onChanged?.(result);
      if (result.queue !== data.queue) {
        setSaved(t('form.reassigned', { reference: data.reference, queue: queueName(result.queue) }));
        setMovedAway(title);
      } else {
        setSaved(t('form.saved'));
        setTick((n) => n + 1);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone else worked it, or the status move is not allowed from where it now is: show the latest, keep the note.
        setConflict(true);
        setSaveError(error);
        setTick((n) => n + 1);
      } else {
        setSaveError(error);
        if (error instanceof ApiError) {
          const errors: Partial<Record<'note' | 'status' | 'queue', string>> = {};
          for (const e of [...(error.problem.errors ?? []), { pointer: error.problem.pointer, detail: error.problem.detail }]) {
            const field = fieldOf(e.pointer);
            if (field && (e.detail || e.pointer) && !errors[field]) errors[field] = problemMessage(e, t(`form.${field}`));
          }
          setFieldErrors(errors);
        }
      }
    } finally {
      setSaving(false);
    }
  }

  const coordinates = data.lat !== null && data.lon !== null ? <span dir="ltr">{`${data.lat.toFixed(5)}, ${data.lon.toFixed(5)}`}</span> : null;
  const place = data.placeText ?? coordinates;

  return (
    <section className="submission-detail" aria-labelledby="submission-heading">
      <div className="detail-head">
        <h2 id="submission-heading" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        {onClose ? (
          <button type="button" className="secondary" onClick={onClose}>
            {t('detail.close')}
          </button>
        ) : null}
      </div>
      <p className="flags">
        {data.exercise ? <span className="badge exercise">{t('flags.exercise')}</span> : null} <PriorityBadge priority={data.priority} />{' '}
        <span className={`badge status-${data.status}`}>{t(`status.${data.status}`)}</span>{' '}
        {data.noScript ? <span className="badge flag">{t('flags.noScript')}</span> : null}{' '}
        {data.placeUnrecognised && data.placeText ? <span className="badge flag">{t('flags.placeUnrecognised', { place: `\u2068${data.placeText}\u2069` })}</span> : null}{' '}
        {data.clusterId && data.clusterId !== data.id ? <span className="badge">{t('flags.clustered')}</span> : null}
        {data.reach === 'seen_in_area' ? <span className="badge flag">{t('flags.seenInArea')}</span> : null}
      </p>
      {data.appeal ? <AppealAbout appeal={data.appeal} /> : null}
      {data.noScript ? <p className="muted">{t('flags.noScriptHelp')}</p> : null}
      {data.reach === 'seen_in_area' ? <p className="notice">{t('flags.seenInAreaHelp', { queue: queueName(data.queue) })}</p> : null}
      {data.placeUnrecognised ? <p className="muted">{t('flags.placeUnrecognisedHelp')}</p> : null}
      {/* The appeal's map belongs to the force that owns it: not offered to the force where the child was seen. */}
      {!onMap && data.kind === 'sighting' && data.alertId && data.lat !== null && data.reach === 'queue' ? (
        <p>
          <Link to={`/sightings?alert=${data.alertId}&sighting=${data.id}`}>{t('detail.showOnMap')}</Link>
        </p>
      ) : null}
      <dl className="facts">
        {data.category ? (
          <>
            <dt>{t('detail.category')}</dt>
            <dd>{t(`category.${data.category}`, { defaultValue: data.category })}</dd>
          </>
        ) : null}
        <dt>{t(data.kind === 'sighting' ? 'detail.seenAt' : 'detail.happenedAt')}</dt>
        <dd>{data.seenAt ? <DateTime value={data.seenAt} /> : t('detail.notGiven')}</dd>
        <dt>{t('detail.receivedAt')}</dt>
        <dd>
          <DateTime value={data.receivedAt} />
        </dd>
        <dt>{t('detail.place')}</dt>
        <dd>
          {place ?? t('detail.noPlace')}
          {data.nearPlace ? (
            <>
              {' '}
              ({t('detail.nearPlace', { place: `\u2068${data.nearPlace.name}\u2069`, km: data.nearPlace.km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })})
            </>
          ) : null}
        </dd>
        <dt>{t('detail.queue')}</dt>
        <dd>{queueName(data.queue)}</dd>
        {data.jurisdictionCode && queueOfJurisdiction(data.jurisdictionCode) !== data.queue ? (
          <>
            <dt>{t('detail.area')}</dt>
            <dd>{queueName(queueOfJurisdiction(data.jurisdictionCode))}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t('detail.description')}</h3>
      <p className="description">{data.description}</p>
      {DETAIL_FIELDS.some((field) => typeof data.details[field] === 'string') || links.length > 0 ? (
        <dl className="facts">
          {DETAIL_FIELDS.filter((field) => typeof data.details[field] === 'string').map((field) => (
            <div key={field} className="fact">
              <dt>{t(`details.${field}`)}</dt>
              <dd>{String(data.details[field])}</dd>
            </div>
          ))}
          {links.length > 0 ? (
            <div className="fact">
              <dt>{t('details.links')}</dt>
              <dd>
                {/* Kept as text, never live links: they come from the public and may be hostile. */}
                <ul className="plain">
                  {links.map((link, i) => (
                    <li key={i}>
                      <code>{link}</code>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}

      <h3>{t('detail.contact')}</h3>
      {data.contact.name || data.contact.phone || data.contact.email ? (
        <>
          <p className="muted">{t('detail.contactAudited')}</p>
          <dl className="facts">
            {data.contact.name ? (
              <>
                <dt>{t('detail.contactName')}</dt>
                <dd>{data.contact.name}</dd>
              </>
            ) : null}
            {data.contact.phone ? (
              <>
                <dt>{t('detail.contactPhone')}</dt>
                <dd>
                  <a href={`tel:${data.contact.phone}`} dir="ltr">
                    {data.contact.phone}
                  </a>
                </dd>
              </>
            ) : null}
            {data.contact.email ? (
              <>
                <dt>{t('detail.contactEmail')}</dt>
                <dd>
                  <a href={`mailto:${data.contact.email}`} dir="ltr">
                    {data.contact.email}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <p>{t('detail.anonymous')}</p>
      )}

      <h3>{t('detail.attachments')}</h3>
      {data.attachments.length === 0 ? (
        <p>{t('detail.noAttachments')}</p>
      ) : (
        <>
          <p className="muted">{t('detail.attachmentsHelp')}</p>
          <ul>
            {data.attachments.map((a, i) => (
              <li key={a.id}>
                <a href={`/api/v1/submissions/${data.id}/attachments/${a.id}`} download>
                  {t('detail.download', { n: i + 1, type: a.contentType.replace('image/', '').toUpperCase(), size: bytesText(a.bytes, i18n.language) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('detail.notes')}</h3>
      {data.notes.length === 0 ? (
        <p>{t('detail.noNotes')}</p>
      ) : (
        <ol className="notes">
          {data.notes.map((n) => (
            <li key={n.id}>
              <p className="muted">
                <DateTime value={n.createdAt} /> · {n.by}
                {n.status ? ` · ${t('detail.noteStatus', { status: t(`status.${n.status}`) })}` : ''}
                {n.queue ? ` · ${t('detail.noteQueue', { queue: queueName(n.queue) })}` : ''}
              </p>
              <p className="note-text">{n.note}</p>
            </li>
          ))}
        </ol>
      )}

      {mayTriage ? (
        <form className="triage-form stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="triage-heading">
          <h3 id="triage-heading">{t('form.title')}</h3>
          {saved ? (
            <p className="notice" role="status">
              {saved}
            </p>
          ) : null}
          {conflict ? (
            <div role="alert" className="problem">
              <strong>{t('form.conflictTitle')}</strong>
              <p>{t('form.conflictHelp')}</p>
              {saveError instanceof ApiError && saveError.problem.detail ? <p>{saveError.problem.detail}</p> : null}
            </div>
          ) : saveError && !Object.keys(fieldErrors).length ? (
            <ErrorMessage error={saveError} />
          ) : null}
          <div>
            <label htmlFor="triage-note">{t('form.note')}</label>
            <p id="triage-note-help" className="muted hint">
              {t('form.noteHelp')}
            </p>
            <FieldError id="triage-note-error" message={fieldErrors.note} />
            <textarea
              id="triage-note"
              rows={3}
              maxLength={4000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              {...problemAria(fieldErrors.note, 'triage-note-error', 'triage-note-help')}
            />
          </div>
          <div className="row">
            <div>
              <label htmlFor="triage-status">{t('form.status')}</label>
              <FieldError id="triage-status-error" message={fieldErrors.status} />
              <select
                id="triage-status"
                value={status}
                onChange={(e) => setStatus(e.target.value as SubmissionStatus | '')}
                {...problemAria(fieldErrors.status, 'triage-status-error')}
              >
                <option value="">{t('form.keepStatus', { status: t(`status.${data.status}`) })}</option>
                {nextStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            {/* Passing it on is the owning force's call: the force where it was seen works it where it is. */}
            {data.reach === 'queue' ? (
              <div>
                <label htmlFor="triage-queue">{t('form.queue')}</label>
                <FieldError id="triage-queue-error" message={fieldErrors.queue} />
                <select
                  id="triage-queue"
                  value={queue}
                  onChange={(e) => setQueue(e.target.value)}
                  {...problemAria(fieldErrors.queue, 'triage-queue-error')}
                >
                  <option value="">{t('form.keepQueue', { queue: queueName(data.queue) })}</option>
                  {queues.map((q) => (
                    <option key={q} value={q}>
                      {queueName(q)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </div>
          {queue ? <p className="muted">{t('form.reassignHelp')}</p> : null}
          <button type="submit" disabled={saving}>
            {saving ? t('form.saving') : queue ? t('form.submitReassign') : t('form.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

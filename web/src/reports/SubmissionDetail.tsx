// One sighting or report in full: what was seen, flags, contact details (this read is audited), the
// original attachments as downloads, the notes so far, and the triage form: a note with a status change
// or a reassignment (TriageForm.tsx).
import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading } from '../app/ui.tsx';
import { useQueueName } from './queueNames.ts';
import { TriageForm, useTriage } from './TriageForm.tsx';
import { priorityBand, queueOfJurisdiction, type SubmissionDetailView, type TriageResult } from './types.ts';
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

/** What was seen or reported: flags, the appeal it is about, when and where, the description and details. */
function SubmissionFacts({ data, onMap }: { data: SubmissionDetailView; onMap: boolean }) {
  const { t, i18n } = useTranslation('reports');
  const queueName = useQueueName();
  const links = Array.isArray(data.details.links) ? (data.details.links as unknown[]).map(String) : [];
  const coordinates =
    data.lat !== null && data.lon !== null ? <span dir="ltr">{`${data.lat.toFixed(5)}, ${data.lon.toFixed(5)}`}</span> : null;
  const place = data.placeText ?? coordinates;
  return (
    <>
      <p className="flags">
        {data.exercise ? <span className="badge exercise">{t('flags.exercise')}</span> : null} <PriorityBadge priority={data.priority} />{' '}
        <span className={`badge status-${data.status}`}>{t(`status.${data.status}`)}</span>{' '}
        {data.noScript ? <span className="badge flag">{t('flags.noScript')}</span> : null}{' '}
        {data.placeUnrecognised && data.placeText ? (
          <span className="badge flag">{t('flags.placeUnrecognised', { place: `\u2068${data.placeText}\u2069` })}</span>
        ) : null}{' '}
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
              (
              {t('detail.nearPlace', {
                place: `\u2068${data.nearPlace.name}\u2069`,
                km: data.nearPlace.km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
              })}
              )
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
    </>
  );
}

/** Who sent it, if they said (this read is audited). */
function ContactDetails({ contact }: { contact: SubmissionDetailView['contact'] }) {
  const { t } = useTranslation('reports');
  return (
    <>
      <h3>{t('detail.contact')}</h3>
      {contact.name || contact.phone || contact.email ? (
        <>
          <p className="muted">{t('detail.contactAudited')}</p>
          <dl className="facts">
            {contact.name ? (
              <>
                <dt>{t('detail.contactName')}</dt>
                <dd>{contact.name}</dd>
              </>
            ) : null}
            {contact.phone ? (
              <>
                <dt>{t('detail.contactPhone')}</dt>
                <dd>
                  <a href={`tel:${contact.phone}`} dir="ltr">
                    {contact.phone}
                  </a>
                </dd>
              </>
            ) : null}
            {contact.email ? (
              <>
                <dt>{t('detail.contactEmail')}</dt>
                <dd>
                  <a href={`mailto:${contact.email}`} dir="ltr">
                    {contact.email}
                  </a>
                </dd>
              </>
            ) : null}
          </dl>
        </>
      ) : (
        <p>{t('detail.anonymous')}</p>
      )}
    </>
  );
}

/** The original attachments, as downloads. */
function Attachments({ data }: { data: SubmissionDetailView }) {
  const { t, i18n } = useTranslation('reports');
  return (
    <>
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
                  {t('detail.download', {
                    n: i + 1,
                    type: a.contentType.replace('image/', '').toUpperCase(),
                    size: bytesText(a.bytes, i18n.language),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The notes so far, oldest first. */
function Notes({ notes }: { notes: SubmissionDetailView['notes'] }) {
  const { t } = useTranslation('reports');
  const queueName = useQueueName();
  return (
    <>
      <h3>{t('detail.notes')}</h3>
      {notes.length === 0 ? (
        <p>{t('detail.noNotes')}</p>
      ) : (
        <ol className="notes">
          {notes.map((n) => (
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
    </>
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

/** A fresh panel for each submission, so nothing typed about one is left in the form of the next. */
export function SubmissionDetail(props: SubmissionDetailProps) {
  return <SubmissionPanel key={props.id} {...props} />;
}

function CloseButton({ onClose }: { onClose: (() => void) | undefined }) {
  const { t } = useTranslation('reports');
  if (!onClose) return null;
  return (
    <button type="button" className="secondary" onClick={onClose}>
      {t('detail.close')}
    </button>
  );
}

function SubmissionPanel({ id, onChanged, onClose, onMap = false }: SubmissionDetailProps) {
  const { t } = useTranslation('reports');
  const { can } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = useQuery({ queryKey: keys.submission(id), queryFn: () => get<SubmissionDetailView>(`/submissions/${id}`) });
  const reload = () => void loaded.refetch();
  const [movedAway, setMovedAway] = useState<{ title: string; message: string }>();
  const data = loaded.data;
  const title = data ? t(data.kind === 'sighting' ? 'detail.sightingTitle' : 'detail.reportTitle', { reference: data.reference }) : '';
  const triage = useTriage({ reload, onChanged, onReassigned: (message) => setMovedAway({ title, message }) });

  // Arriving on a submission moves focus to its heading, so keyboard and screen-reader users land on it.
  const focused = useRef(false);
  useEffect(() => {
    if (data && !focused.current) {
      focused.current = true;
      heading.current?.focus();
    }
  }, [data]);

  if (movedAway) {
    return (
      <section className="submission-detail" aria-labelledby="submission-heading">
        <h2 id="submission-heading" tabIndex={-1} ref={heading}>
          {movedAway.title}
        </h2>
        <p className="notice" role="status">
          {movedAway.message}
        </p>
        <CloseButton onClose={onClose} />
      </section>
    );
  }
  // A retry clears the refusal at once, as the officer expects, while the submission is read again.
  if (loaded.error && !loaded.isFetching) {
    return (
      <section className="submission-detail" aria-label={t('detail.label')}>
        <ErrorMessage error={loaded.error} />
        <div className="row">
          <button type="button" className="secondary" onClick={reload}>
            {t('detail.retry')}
          </button>
          <CloseButton onClose={onClose} />
        </div>
      </section>
    );
  }
  if (!data) return <Loading />;

  return (
    <section className="submission-detail" aria-labelledby="submission-heading">
      <div className="detail-head">
        <h2 id="submission-heading" tabIndex={-1} ref={heading}>
          {title}
        </h2>
        <CloseButton onClose={onClose} />
      </div>
      <SubmissionFacts data={data} onMap={onMap} />
      <ContactDetails contact={data.contact} />
      <Attachments data={data} />
      <Notes notes={data.notes} />
      {can('submission:triage') ? <TriageForm data={data} triage={triage} /> : null}
    </section>
  );
}

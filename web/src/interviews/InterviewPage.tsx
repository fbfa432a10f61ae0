// One return home interview. The local authority asked for it writes it here (status, who held it, where the
// child was and with whom, push and pull factors, signs of exploitation, disclosures, actions, referrals); the
// police read their view of it, without the disclosures and actions.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, patch } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import { StatusBadge } from './InterviewList.tsx';
import {
  EXPLOITATION_SIGNS,
  INTERVIEW_STATUSES,
  PULL_FACTORS,
  PUSH_FACTORS,
  REFERRALS,
  type FullInterviewView,
  type InterviewUpdate,
  type InterviewView,
} from './types.ts';
import '../cases/cases.css';
import './interviews.css';

/** The coded answers as a plain list, or "none recorded". */
export function Codes({ codes, group }: { codes: readonly string[]; group: string }) {
  const { t } = useTranslation('interviews');
  return <>{codes.length ? codes.map((code) => t(`${group}.${code}`)).join(', ') : t('case.nothing')}</>;
}

/** What both the police and the local authority see. */
export function InterviewSummary({ interview }: { interview: InterviewView }) {
  const { t } = useTranslation('interviews');
  return (
    <dl className="facts">
      <dt>{t('list.status')}</dt>
      <dd>
        <StatusBadge interview={interview} />
      </dd>
      <dt>{t('list.authority')}</dt>
      <dd>{interview.organisation?.name ?? t('list.noAuthority')}</dd>
      <dt>{t('list.returned')}</dt>
      <dd>
        <DateTime value={interview.returnedAt} />
      </dd>
      <dt>{t('list.due')}</dt>
      <dd>
        <DateTime value={interview.dueAt} />
      </dd>
      <dt>{t('field.offeredAt')}</dt>
      <dd>
        <DateTime value={interview.offeredAt} />
      </dd>
      <dt>{t('field.answeredAt')}</dt>
      <dd>
        <DateTime value={interview.answeredAt} />
      </dd>
      <dt>{t('field.interviewer')}</dt>
      <dd>{interview.interviewer || '—'}</dd>
      <dt>{t('field.interviewedAt')}</dt>
      <dd>
        <DateTime value={interview.interviewedAt} />
      </dd>
      <dt>{t('field.whereabouts')}</dt>
      <dd>{interview.whereabouts || '—'}</dd>
      <dt>{t('field.withWhom')}</dt>
      <dd>{interview.withWhom || '—'}</dd>
      <dt>{t('field.pushFactors')}</dt>
      <dd>
        <Codes codes={interview.pushFactors} group="push" />
      </dd>
      <dt>{t('field.pullFactors')}</dt>
      <dd>
        <Codes codes={interview.pullFactors} group="pull" />
      </dd>
      <dt>{t('field.exploitationSigns')}</dt>
      <dd>
        <Codes codes={interview.exploitationSigns} group="sign" />
      </dd>
      <dt>{t('field.referrals')}</dt>
      <dd>
        <Codes codes={interview.referrals} group="referral" />
      </dd>
    </dl>
  );
}

function CodeChoices({
  legend,
  group,
  codes,
  chosen,
  onChange,
}: {
  legend: string;
  group: string;
  codes: readonly string[];
  chosen: string[];
  onChange: (codes: string[]) => void;
}) {
  const { t } = useTranslation('interviews');
  return (
    <fieldset className="code-choices">
      <legend>{legend}</legend>
      {codes.map((code) => (
        <label key={code}>
          <input
            type="checkbox"
            checked={chosen.includes(code)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, code] : chosen.filter((c) => c !== code))}
          />{' '}
          {t(`${group}.${code}`)}
        </label>
      ))}
    </fieldset>
  );
}

type Draft = Required<Omit<InterviewUpdate, 'version' | 'offeredAt' | 'answeredAt' | 'interviewedAt'>>;

function draftOf(view: FullInterviewView): Draft {
  return {
    status: view.status,
    interviewer: view.interviewer,
    whereabouts: view.whereabouts,
    withWhom: view.withWhom,
    pushFactors: view.pushFactors as Draft['pushFactors'],
    pullFactors: view.pullFactors as Draft['pullFactors'],
    exploitationSigns: view.exploitationSigns as Draft['exploitationSigns'],
    disclosures: view.disclosures,
    actions: view.actions,
    referrals: view.referrals as Draft['referrals'],
  };
}

function InterviewForm({ view, onSaved }: { view: FullInterviewView; onSaved: (view: InterviewView) => void }) {
  const { t } = useTranslation('interviews');
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const text = (key: 'interviewer' | 'whereabouts' | 'withWhom' | 'disclosures' | 'actions', rows = 0, hint?: string) => (
    <Field label={t(`field.${key}`)} pointer={`/body/${key}`} error={error} hint={hint}>
      {(p) =>
        rows ? (
          <textarea {...p} rows={rows} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
        ) : (
          <input {...p} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
        )
      }
    </Field>
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setMessage('');
    try {
      const saved = await patch<InterviewView>(`/return-interviews/${view.id}`, { ...draft, version: view.version });
      onSaved(saved);
      setMessage(t('page.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => handled(submit(event))} noValidate aria-labelledby="interview-answers">
      <h2 id="interview-answers">{t('page.answers')}</h2>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <FormProblem error={error} labels={{ '/body/interviewer': t('field.interviewer') }} />
      <Field label={t('field.status')} pointer="/body/status" error={error}>
        {(p) => (
          <select {...p} value={draft.status} onChange={(e) => set('status', e.target.value as Draft['status'])}>
            {INTERVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text('interviewer')}
      {text('whereabouts', 2)}
      {text('withWhom', 2)}
      <CodeChoices
        legend={t('field.pushFactors')}
        group="push"
        codes={PUSH_FACTORS}
        chosen={draft.pushFactors}
        onChange={(c) => set('pushFactors', c as Draft['pushFactors'])}
      />
      <CodeChoices
        legend={t('field.pullFactors')}
        group="pull"
        codes={PULL_FACTORS}
        chosen={draft.pullFactors}
        onChange={(c) => set('pullFactors', c as Draft['pullFactors'])}
      />
      <CodeChoices
        legend={t('field.exploitationSigns')}
        group="sign"
        codes={EXPLOITATION_SIGNS}
        chosen={draft.exploitationSigns}
        onChange={(c) => set('exploitationSigns', c as Draft['exploitationSigns'])}
      />
      {text('disclosures', 5, t('field.disclosuresHint'))}
      {text('actions', 3)}
      <CodeChoices
        legend={t('field.referrals')}
        group="referral"
        codes={REFERRALS}
        chosen={draft.referrals}
        onChange={(c) => set('referrals', c as Draft['referrals'])}
      />
      <button type="submit" disabled={saving}>
        {t('page.save')}
      </button>
    </form>
  );
}

export function InterviewPage() {
  const { t } = useTranslation('interviews');
  const { interviewId = '' } = useParams();
  const { can } = useSession();
  const client = useQueryClient();
  const key = ['interviews', interviewId];
  const interview = useQuery({
    queryKey: key,
    queryFn: () => get<InterviewView>(`/return-interviews/${interviewId}`),
    gcTime: SENSITIVE_GC_MS,
  });
  const view = interview.data;
  return (
    <main id="main">
      <p>
        <Link to="/interviews">{t('page.back')}</Link>
      </p>
      {interview.isPending ? <Loading /> : null}
      <ErrorMessage error={interview.error} />
      {view ? (
        <>
          <PageHeading>{t('page.title', { reference: view.caseReference })}</PageHeading>
          {view.view === 'full' ? <p className="lead">{view.child.name}</p> : <p className="notice">{t('page.policeView')}</p>}
          <section className="section" aria-labelledby="interview-summary">
            <h2 id="interview-summary">{t('page.summary')}</h2>
            <InterviewSummary interview={view} />
          </section>
          {view.view === 'full' && can('interview:write') ? (
            <InterviewForm key={view.version} view={view} onSaved={(saved) => client.setQueryData(key, saved)} />
          ) : null}
        </>
      ) : null}
    </main>
  );
}

// Recording a person found who cannot or will not say who they are, or remains: where and when found, the
// description a matcher compares, marks, references. What is plainly missing is named all at once before
// sending; whatever the API refuses is shown by its field, and nothing typed is lost.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { keys, policeForces } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../app/ui.tsx';
import { FormProblem } from '../cases/forms.tsx';
import { EMPTY, newRequestFrom, type Draft, type TextKey } from './draft.ts';
import {
  DescriptionFields,
  FoundFields,
  MarksEditor,
  OtherFields,
  RecordingFields,
  useUnidentifiedLabels,
  type TextField,
} from './UnidentifiedFields.tsx';
import type { Organisation, UnidentifiedView } from './types.ts';
import '../cases/cases.css';
import './unidentified.css';

/** What is plainly missing, all at once (the API names only the first fault it meets), as the API would word it. */
export function missingFields(draft: Draft, required: string, needPoint: string, kindToo: boolean): ApiError | undefined {
  const errors: { pointer: string; detail: string }[] = [];
  const need = (ok: boolean, pointer: string, detail = required) => ok || errors.push({ pointer, detail });
  if (kindToo) need(draft.kind !== '', '/body/kind');
  need(draft.foundAt !== '', '/body/found/at');
  need(draft.place.trim() !== '', '/body/found/place');
  need(draft.lon.trim() !== '', '/body/found/lon', needPoint);
  need(draft.lat.trim() !== '', '/body/found/lat', needPoint);
  draft.marks.forEach((mark, i) => {
    need(mark.kind !== '', `/body/marks/${i}/kind`);
    need(mark.bodyLocation !== '', `/body/marks/${i}/bodyLocation`);
  });
  return errors.length ? new ApiError(400, { type: 'validation', errors }) : undefined;
}

export function NewUnidentified() {
  const { t } = useTranslation('unidentified');
  const { session, can } = useSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const national = session?.user.organisation.kind === 'national_centre';
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: national,
  });
  const labels = useUnidentifiedLabels();
  const text: TextField = (key: TextKey) => ({ value: draft[key], onChange: (e) => setDraft((d) => ({ ...d, [key]: e.target.value })) });
  const onPick = useCallback((lon: string, lat: string) => setDraft((d) => ({ ...d, lon, lat })), []);

  function showProblem(problem: unknown) {
    setError(problem);
    // To the summary, so keyboard and screen-reader users hear what to fix.
    setTimeout(() => document.getElementById('new-unidentified-problem')?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = missingFields(draft, t('form.required'), t('form.pointNeeded'), true);
    if (incomplete) return showProblem(incomplete);
    setSaving(true);
    setError(undefined);
    try {
      const created = await post<UnidentifiedView>('/unidentified', newRequestFrom(draft, national));
      // The declarative router's navigate returns nothing to wait for.
      void navigate(`/unidentified/${created.id}`);
    } catch (e) {
      setSaving(false);
      showProblem(e);
    }
  }

  if (!can('unidentified:write')) {
    return (
      <main id="main">
        <PageHeading>{t('new.title')}</PageHeading>
        <p>{t('new.notAllowed')}</p>
      </main>
    );
  }

  return (
    <main id="main">
      <PageHeading>{t('new.title')}</PageHeading>
      <p>
        <Link to="/unidentified">{t('back')}</Link>
      </p>
      <p>{t('new.intro')}</p>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <div id="new-unidentified-problem" tabIndex={-1}>
          <FormProblem error={error} labels={labels} />
        </div>
        <RecordingFields text={text} error={error} forces={national ? (forces.data ?? []) : undefined} />
        <FoundFields text={text} error={error} draft={draft} onPick={onPick} />
        <DescriptionFields text={text} error={error} />
        <MarksEditor marks={draft.marks} onChange={(marks) => setDraft((d) => ({ ...d, marks }))} error={error} />
        <OtherFields text={text} error={error} />
        <div className="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('form.saving') : t('new.submit')}
          </button>
          <Link to="/unidentified">{t('form.cancel')}</Link>
        </div>
      </form>
    </main>
  );
}

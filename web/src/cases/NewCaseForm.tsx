// Recording a missing child: who, when and where last seen (a click on the map or typed coordinates), the
// circumstances and clothing. A repeat episode of a known child skips the child's details. Whatever the API
// refuses is shown by the field, and nothing typed is lost.
import { useQuery } from '@tanstack/react-query';
import { handled } from '../app/events.ts';
import { keys, policeForces } from '../app/queries.ts';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import { ApiError, get, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { PageHeading } from '../app/ui.tsx';
import { FormProblem } from './forms.tsx';
import { LikelyChildren, useLikelyChildren } from './LikelyChildren.tsx';
import { confirmedAnswers, RepeatAnswers, useNextEpisode } from './RepeatAnswers.tsx';
import { confirmedNewChild, EMPTY, likelyKey, requestFrom, typedChild, type Draft } from './newCase.ts';
import { ChildFields, CircumstancesFields, LastSeenFields, RecordingChoices, useCaseFieldLabels, type TextField } from './CaseSections.tsx';
import type { CaseView, Organisation } from './types.ts';

/** The draft's fields that hold text (the rest are check boxes). */
type TextKey = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

const draftKey = (userId: string | undefined, childId: string | undefined) => `fmn-new-case:${userId ?? ''}:${childId ?? 'new'}`;

/** A refusal to record a new child who seems recorded already: the likely children are shown with a choice. */
const isLikelyDuplicate = (error: unknown) =>
  error instanceof ApiError && error.status === 409 && (error.problem.type ?? '').endsWith('/likely-duplicate');

/**
 * What was typed survives a session that ends mid-form (30 idle minutes): kept in this tab only, until the
 * case is recorded or the form is cancelled.
 */
function useStoredDraft(storageKey: string) {
  const [restored, setRestored] = useState(() => sessionStorage.getItem(storageKey) !== null);
  const [draft, setDraft] = useState<Draft>(() => {
    try {
      return { ...EMPTY, ...(JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Partial<Draft>) };
    } catch {
      return EMPTY;
    }
  });
  useEffect(() => {
    if (draft !== EMPTY) sessionStorage.setItem(storageKey, JSON.stringify(draft));
  }, [draft, storageKey]);
  const forget = () => sessionStorage.removeItem(storageKey);
  const startAgain = () => {
    forget();
    setDraft(EMPTY);
    setRestored(false);
  };
  return { draft, setDraft, restored, forget, startAgain };
}

/** The map marks the last-seen point; a click sets the coordinates, typed coordinates move the mark. */
function useLastSeenMark(lonText: string, latText: string, onClick: (lon: string, lat: string) => void): (map: L.Map) => void {
  const mapRef = useRef<L.Map | null>(null);
  const markRef = useRef<L.CircleMarker | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const lon = Number(lonText);
    const lat = Number(latText);
    const valid = lonText.trim() !== '' && latText.trim() !== '' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
    if (!valid) {
      markRef.current?.remove();
      markRef.current = null;
      return;
    }
    if (markRef.current) markRef.current.setLatLng([lat, lon]);
    else markRef.current = L.circleMarker([lat, lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.4 }).addTo(map);
  }, [lonText, latText]);
  return useCallback(
    (map: L.Map) => {
      mapRef.current = map;
      map.on('click', (e: L.LeafletMouseEvent) => onClick(e.latlng.lng.toFixed(5), e.latlng.lat.toFixed(5)));
    },
    [onClick],
  );
}

export function NewCaseForm({ childId }: { childId?: string }) {
  const { t } = useTranslation('cases');
  const { session, can } = useSession();
  const navigate = useNavigate();
  const { draft, setDraft, restored, forget, startAgain } = useStoredDraft(draftKey(session?.user.id, childId));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const national = session?.user.role === 'national_coordinator';
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: national,
  });
  const labels = useCaseFieldLabels();
  // An exercise's child is fictional: never the same as a child in the register.
  const likely = useLikelyChildren(typedChild(draft), likelyKey(draft), !childId && !draft.exercise && can('register:search'));
  const duplicateRefused = isLikelyDuplicate(error);
  // A repeat episode: the last episode's answers, ticked for confirmation; what the officer unticks stays behind.
  const nextEpisode = useNextEpisode(childId);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (question: string) =>
    setUnticked((before) => {
      const after = new Set(before);
      if (!after.delete(question)) after.add(question);
      return after;
    });

  /** Records a new episode of a child offered instead: what was typed of the episode goes with it. */
  function recordEpisodeOf(knownChildId: string) {
    const episode = Object.fromEntries(
      (['lastSeenAt', 'place', 'lon', 'lat', 'circumstances', 'clothing', 'vehicle', 'suspect', 'sensitive', 'owner'] as const).map(
        (field) => [field, draft[field]],
      ),
    );
    sessionStorage.setItem(draftKey(session?.user.id, knownChildId), JSON.stringify(episode));
    forget();
    void navigate(`/cases?record=episode&child=${knownChildId}`);
  }
  const onMapReady = useLastSeenMark(
    draft.lon,
    draft.lat,
    useCallback((lon: string, lat: string) => setDraft((d) => ({ ...d, lon, lat })), [setDraft]),
  );

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const text: TextField<TextKey> = (key) => ({
    value: draft[key],
    onChange: (e) => set(key)(e.target.value),
  });

  /** What is plainly missing, all at once (the API names only the first fault it meets). */
  function missing(): ApiError | undefined {
    const errors: { pointer: string; detail: string }[] = [];
    const need = (ok: boolean, pointer: string, detail = t('form.required')) => ok || errors.push({ pointer, detail });
    if (!childId) {
      need(draft.givenNames.trim() !== '', '/body/child/givenNames');
      need(draft.familyName.trim() !== '', '/body/child/familyName');
      need(draft.dateOfBirth !== '' || draft.estimatedAge.trim() !== '', '/body/child/dateOfBirth', t('record.ageHint'));
    }
    need(draft.lastSeenAt !== '', '/body/lastSeen/at');
    need(draft.place.trim() !== '', '/body/lastSeen/place');
    need(draft.lon.trim() !== '', '/body/lastSeen/lon', t('record.positionNeeded'));
    need(draft.lat.trim() !== '', '/body/lastSeen/lat', t('record.positionNeeded'));
    return errors.length ? new ApiError(400, { title: t('form.check'), errors }) : undefined;
  }

  function showProblem(problem: unknown) {
    setError(problem);
    // Move to the summary so keyboard and screen-reader users hear what to fix.
    setTimeout(() => document.getElementById('new-case-problem')?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const incomplete = missing();
    if (incomplete) {
      showProblem(incomplete);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const riskAnswers = confirmedAnswers(nextEpisode.data, unticked);
      const created = await post<CaseView>('/cases', {
        ...requestFrom(draft, childId),
        ...(riskAnswers.length > 0 ? { riskAnswers } : {}),
      });
      forget();
      // The declarative router's navigate returns nothing to wait for.
      void navigate(`/cases/${created.id}`);
    } catch (e) {
      setSaving(false);
      showProblem(e);
    }
  }

  return (
    <>
      <PageHeading>{childId ? t('record.repeatTitle') : t('record.title')}</PageHeading>
      <p>
        <Link to="/cases">{t('record.back')}</Link>
      </p>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <div id="new-case-problem" tabIndex={-1}>
          {duplicateRefused ? (
            <div role="alert" className="problem">
              <strong>{t('likely.refusedTitle')}</strong>
              <p>
                <a href="#likely-children">{t('likely.refused')}</a>
              </p>
            </div>
          ) : (
            <FormProblem error={error} labels={labels} />
          )}
        </div>
        {restored ? (
          <div role="status" className="notice">
            <p>{t('record.restored')}</p>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                startAgain();
                setError(undefined);
              }}
            >
              {t('record.startAgain')}
            </button>
          </div>
        ) : null}
        {childId ? <p className="panel">{t('record.repeatIntro')}</p> : <ChildFields text={text} identity={text} error={error} />}
        {childId ? <RepeatAnswers start={nextEpisode.data} error={nextEpisode.error} unticked={unticked} onToggle={toggle} /> : null}
        {childId ? null : (
          <LikelyChildren
            items={likely}
            confirmed={confirmedNewChild(draft)}
            onNewEpisode={recordEpisodeOf}
            onDifferentChild={() => {
              setDraft((d) => ({ ...d, confirmedFor: likelyKey(d) }));
              if (duplicateRefused) setError(undefined);
            }}
          />
        )}
        <LastSeenFields text={text} error={error} onMapReady={onMapReady} />
        <CircumstancesFields text={text} error={error}>
          <RecordingChoices text={text} error={error} draft={draft} set={set} forces={national ? (forces.data ?? []) : undefined} />
        </CircumstancesFields>
        <div className="actions">
          <button type="submit" disabled={saving}>
            {saving ? t('form.saving') : t('record.submit')}
          </button>
          <Link to="/cases" onClick={forget}>
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

// Screens and intranet pages: create one for an area (its secret address shown this once, to open or
// copy), see when each last looked for appeals, switch one off for good.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import { FieldError, fieldProblem, problemAria } from '../app/forms.tsx';
import { AreaNames, AreaPicker } from './AreaPicker.tsx';
import { OnceSecret } from './OnceSecret.tsx';
import { LanguageChoice } from './LanguageChoice.tsx';
import type { AreaChoice, AreaRequest, Screen } from './types.ts';

export function Screens({ areas }: { areas: AreaChoice[] }) {
  const { t } = useTranslation('enrolment');
  const queryClient = useQueryClient();
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.screens, queryFn: () => get<{ items: Screen[] }>('/enrolment/screens') });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.screens });
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en');
  const [exercises, setExercises] = useState(false);
  const [area, setArea] = useState<AreaRequest>({ national: true });
  const [created, setCreated] = useState<{ name: string; url: string }>();
  const [message, setMessage] = useState('');
  // Each write's refusal is its own (a new attempt clears it); the list is read again after each success.
  const creation = useMutation({
    mutationFn: () =>
      post<Screen & { url: string }>('/enrolment/screens', { name, language, exercises, ...(area.national ? {} : { area }) }),
    onSuccess: (screen) => {
      setCreated({ name: screen.name, url: screen.url });
      setName('');
      setExercises(false);
      reload();
    },
  });
  const removal = useMutation({
    mutationFn: (screen: Screen) => del(`/enrolment/screens/${screen.id}`),
    onSuccess: (_answer, screen) => {
      setMessage(t('screens.removed', { name: screen.name }));
      reload();
    },
  });
  const busy = creation.isPending;
  const formError = creation.error;
  const actionError = removal.error;

  function create(event: FormEvent) {
    event.preventDefault();
    creation.mutate();
  }

  function revoke(screen: Screen) {
    if (!window.confirm(t('screens.confirmRemove', { name: screen.name }))) return;
    removal.mutate(screen);
  }

  const formFields = {
    '/body/name': { label: t('screens.name'), id: 'screen-name' },
    '/body/area': { label: t('area.legend'), id: 'screen-area' },
  };
  const nameError = fieldProblem(formError, '/body/name', formFields['/body/name'].label);
  const areaError = fieldProblem(formError, '/body/area', formFields['/body/area'].label);
  const live = data?.items.filter((s) => !s.revokedAt) ?? [];
  const revoked = data?.items.filter((s) => s.revokedAt) ?? [];
  return (
    <section aria-labelledby="screens-title" className="enrolment-section">
      <h2 id="screens-title">{t('screens.title')}</h2>
      <p>{t('screens.intro')}</p>
      {created ? (
        <OnceSecret label={t('screens.urlFor', { name: created.name })} value={created.url} onDone={() => setCreated(undefined)}>
          <a className="button secondary" href={created.url} target="_blank" rel="noreferrer noopener">
            {t('screens.open')}
            <span className="visually-hidden"> {t('screens.newWindow')}</span>
          </a>
        </OnceSecret>
      ) : null}
      <p role="status" className="muted">
        {message}
      </p>
      <ErrorMessage error={actionError ?? error} />
      {loading && !data ? <Loading /> : null}
      {data && live.length === 0 ? <p>{t('screens.empty')}</p> : null}
      {live.length > 0 ? (
        <ScrollingTable label={t('screens.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('screens.name')}</th>
              <th scope="col">{t('screens.area')}</th>
              <th scope="col">{t('screens.language')}</th>
              <th scope="col">{t('screens.created')}</th>
              <th scope="col">{t('screens.lastSeen')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('screens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {live.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{s.cells === 0 ? t('screens.national') : <AreaNames names={s.areaNames} cells={s.cells} />}</td>
                <td>
                  {s.language}
                  {s.exercises ? <span className="block muted">{t('webhooks.withExercises')}</span> : null}
                </td>
                <td>
                  <DateTime value={s.createdAt} />
                </td>
                <td>{s.lastSeenAt ? <DateTime value={s.lastSeenAt} /> : <span className="muted">{t('screens.never')}</span>}</td>
                <td>
                  <button
                    type="button"
                    className="danger small"
                    onClick={() => revoke(s)}
                    aria-label={t('screens.removeOne', { name: s.name })}
                  >
                    {t('screens.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}
      {revoked.length > 0 ? <p className="muted">{t('screens.revokedCount', { count: revoked.length })}</p> : null}

      <h3 id="screen-new-title">{t('screens.newTitle')}</h3>
      <form onSubmit={create} noValidate className="stack" aria-labelledby="screen-new-title">
        <ErrorMessage error={formError} fields={formFields} />
        <div>
          <label htmlFor="screen-name">{t('screens.name')}</label>
          <input
            id="screen-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
            {...problemAria(nameError, 'screen-name-error')}
          />
          <FieldError id="screen-name-error" message={nameError} />
        </div>
        <AreaPicker idPrefix="screen" areas={areas} value={area} onChange={setArea} invalid={areaError} />
        <LanguageChoice
          idPrefix="screen"
          labels={{ language: t('screens.language'), exercises: t('screens.exercises') }}
          language={language}
          onLanguage={setLanguage}
          exercises={exercises}
          onExercises={setExercises}
        />
        <button type="submit" disabled={busy}>
          {t('screens.create')}
        </button>
      </form>
    </section>
  );
}

// The national register: a child searched for by name across every force, in any script or spelling. The
// search and its filters live in the address (so it can be reloaded and shared); the access reason that lets
// sensitive cases take part is kept for this screen only and sent with each search. Results come ranked, each
// with why its name matched; the case is linked only where the officer reaches it, otherwise the owning force
// is the one to contact.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys, policeForces } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { ApiImage } from '../cases/ApiImage.tsx';
import { reasonHeaders, SensitiveReason } from '../cases/SensitiveReason.tsx';
import type { Organisation } from '../cases/types.ts';
import { useReasonText } from './reasons.ts';
import { SEXES, type RegisterResult, type RegisterSearchAnswer } from './types.ts';
import '../cases/cases.css';
import './register.css';

const FILTERS = ['name', 'sex', 'ageFrom', 'ageTo', 'status', 'force'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The API's query for the search in the address; undefined until a name is given. */
function apiQuery(params: URLSearchParams): string | undefined {
  const name = params.get('name')?.trim();
  if (!name) return undefined;
  const query = new URLSearchParams({ name });
  for (const key of FILTERS.slice(1)) {
    const value = params.get(key)?.trim();
    if (value) query.set(key, value);
  }
  return query.toString();
}

export function RegisterSearch() {
  const { t } = useTranslation('register');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const current: Filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Filters;
  // What is typed belongs to the address it was typed against (back button, a shared link).
  const paramsKey = params.toString();
  const [edited, setEdited] = useState<{ for: string; filters: Filters }>();
  const draft = edited?.for === paramsKey ? edited.filters : current;
  const setDraft = (filters: Filters) => setEdited({ for: paramsKey, filters });
  const [reason, setReason] = useState<string>();

  const query = apiQuery(params);
  const { data, error, isFetching } = useQuery({
    queryKey: keys.registerSearch(query ?? '', reason),
    queryFn: () => get<RegisterSearchAnswer>(`/register/children?${query}`, reasonHeaders(reason)),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
  });
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: can('organisation:read'),
  });

  function search(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  }

  const field = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('intro')}</p>
      <form role="search" aria-label={t('searchLabel')} className="search-form" onSubmit={search}>
        <div className="fields">
          <div className="field wide">
            <label htmlFor="register-name">{t('name')}</label>
            <p className="hint" id="register-name-hint">
              {t('nameHint')}
            </p>
            <input
              id="register-name"
              type="search"
              required
              autoComplete="off"
              dir="auto"
              maxLength={200}
              aria-describedby="register-name-hint"
              {...field('name')}
            />
          </div>
          <div className="field">
            <label htmlFor="register-sex">{t('sex')}</label>
            <select id="register-sex" {...field('sex')}>
              <option value="">{t('any')}</option>
              {SEXES.map((sex) => (
                <option key={sex} value={sex}>
                  {t(`cases:sex.${sex}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="register-age-from">{t('ageFrom')}</label>
            <input id="register-age-from" type="number" inputMode="numeric" min={0} max={120} {...field('ageFrom')} />
          </div>
          <div className="field">
            <label htmlFor="register-age-to">{t('ageTo')}</label>
            <input id="register-age-to" type="number" inputMode="numeric" min={0} max={120} {...field('ageTo')} />
          </div>
          <div className="field">
            <label htmlFor="register-status">{t('status')}</label>
            <select id="register-status" {...field('status')}>
              <option value="">{t('any')}</option>
              <option value="open">{t('cases:status.open')}</option>
              <option value="closed">{t('cases:status.closed')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="register-force">{t('force')}</label>
            {forces.data && forces.data.length > 0 ? (
              <select id="register-force" {...field('force')}>
                <option value="">{t('any')}</option>
                {forces.data.map((force) => (
                  <option key={force.code} value={force.code}>
                    {force.name}
                  </option>
                ))}
              </select>
            ) : (
              <input id="register-force" maxLength={50} {...field('force')} />
            )}
          </div>
        </div>
        <div className="actions">
          <button type="submit">{t('search')}</button>
          {paramsKey ? (
            <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
              {t('clear')}
            </button>
          ) : null}
        </div>
      </form>

      <SensitiveReason
        id="register-reason"
        reason={reason}
        onReason={setReason}
        text={{ include: t('sensitive.include'), hint: t('sensitive.hint'), shown: t('sensitive.shown'), submit: t('sensitive.submit') }}
      />

      <ErrorMessage
        error={error}
        fields={{
          '/querystring/name': { label: t('name'), id: 'register-name' },
          '/querystring/sex': { label: t('sex'), id: 'register-sex' },
          '/querystring/ageFrom': { label: t('ageFrom'), id: 'register-age-from' },
          '/querystring/ageTo': { label: t('ageTo'), id: 'register-age-to' },
          '/querystring/status': { label: t('status'), id: 'register-status' },
          '/querystring/force': { label: t('force'), id: 'register-force' },
        }}
      />
      {query === undefined ? <p className="muted">{t('start')}</p> : null}
      {isFetching && !data ? <Loading /> : null}
      {query !== undefined && data ? (
        <section aria-labelledby="register-results" aria-busy={isFetching}>
          <h2 id="register-results">{t('results')}</h2>
          <p role="status" className="muted">
            {data.items.length === 0 ? t('none') : t('showing', { count: data.items.length })}
          </p>
          <ol className="register-results">
            {data.items.map((item, i) => (
              <RegisterCard key={`${item.force.code}-${item.case?.id ?? i}-${item.matchedName}`} item={item} rank={i + 1} reason={reason} />
            ))}
          </ol>
        </section>
      ) : null}
    </main>
  );
}

function RiskBadge({ level }: { level: string | null }) {
  const { t } = useTranslation('register');
  if (!level) return <span className="badge">{t('cases:risk.ungraded')}</span>;
  return <span className={`badge ${level === 'no_apparent' ? '' : level}`}>{t(`cases:risk.level.${level}`)}</span>;
}

/** Whom to ask about a child whose case the searcher cannot open: the owning force's desk, telephone and email. */
function ForceContact({ force }: { force: RegisterResult['force'] }) {
  const { t } = useTranslation('register');
  const { desk, phone, email } = force.contact;
  return (
    <div className="contact-force">
      <p>{t('contactForce', { force: force.name })}</p>
      {desk || phone || email ? (
        <p>
          {desk ? <span>{desk}</span> : null}
          {phone ? (
            <>
              {' '}
              {t('contactPhone')} <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>{phone}</a>
            </>
          ) : null}
          {email ? (
            <>
              {' '}
              {t('contactEmail')} <a href={`mailto:${email}`}>{email}</a>
            </>
          ) : null}
        </p>
      ) : (
        <p className="muted">{t('contactUnknown')}</p>
      )}
    </div>
  );
}

/** One child in the results: the name as matched, why, what the force knows, and who to contact. */
function RegisterCard({ item, rank, reason }: { item: RegisterResult; rank: number; reason: string | undefined }) {
  const { t } = useTranslation('register');
  const reasonText = useReasonText();
  const fullName = `${item.names.givenNames} ${item.names.familyName}`;
  const { description } = item;
  const looks = [
    description.heightCm === null ? null : t('heightCm', { cm: description.heightCm }),
    description.build,
    description.hairColour === null ? null : t('hair', { colour: description.hairColour }),
    description.eyeColour === null ? null : t('eyes', { colour: description.eyeColour }),
  ].filter(Boolean);
  return (
    <li className="case-card register-card">
      <div className="register-head">
        {item.photoUrl ? (
          <ApiImage url={item.photoUrl} headers={reasonHeaders(reason)} alt={t('photoOf', { name: fullName })} width={96} />
        ) : null}
        <div>
          <h3 dir="auto">
            <span className="visually-hidden">{t('rank', { rank })} </span>
            {item.case ? <Link to={`/cases/${item.case.id}`}>{item.matchedName}</Link> : item.matchedName}
          </h3>
          {item.matchedName !== fullName ? (
            <p className="muted" dir="auto">
              {t('recordedAs', { name: fullName })}
            </p>
          ) : null}
          <div className="badges">
            <span className={`badge ${item.status}`}>{t(`cases:status.${item.status}`, { defaultValue: item.status })}</span>
            <RiskBadge level={item.riskLevel} />
            {item.sensitive ? <span className="badge sensitive">{t('cases:case.sensitive')}</span> : null}
          </div>
        </div>
      </div>
      <h4 className="reasons-heading">{t('why')}</h4>
      <ul className="reasons">
        {item.reasonCodes.map((reason, i) => (
          <li key={i}>
            <bdi>{reasonText(reason)}</bdi>
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>{t('ageSex')}</dt>
        <dd>
          {item.age === null ? t('ageUnknown') : t('age', { age: item.age })}, {t(`cases:sex.${item.sex}`)}
        </dd>
        {looks.length ? (
          <>
            <dt>{t('description')}</dt>
            <dd>{looks.join(', ')}</dd>
          </>
        ) : null}
        {description.distinguishingMarks ? (
          <>
            <dt>{t('marks')}</dt>
            <dd>{description.distinguishingMarks}</dd>
          </>
        ) : null}
        <dt>{t('lastSeen')}</dt>
        <dd>
          <DateTime value={item.lastSeenAt} />
        </dd>
        <dt>{t('reported')}</dt>
        <dd>
          <DateTime value={item.reportedAt} />
        </dd>
        <dt>{t('force')}</dt>
        <dd>{item.force.name}</dd>
        {item.case ? (
          <>
            <dt>{t('case')}</dt>
            <dd>
              <Link to={`/cases/${item.case.id}`}>{t('openCase', { reference: item.case.reference })}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {item.case ? null : <ForceContact force={item.force} />}
    </li>
  );
}

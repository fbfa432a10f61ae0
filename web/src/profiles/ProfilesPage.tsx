// Problem profiles for analysts: episodes and children by a chosen dimension, and month by month against the
// year before, each as a chart and the same figures as a table, with CSV of either. The question lives in the
// address, so a profile can be reloaded and shared. Figures withheld by disclosure control show as [c].
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { AlertFiguresSection } from './AlertFiguresSection.tsx';
import { monthName, useFigure } from './figures.ts';
import { HexMap } from './HexMap.tsx';
import { ProfileChart } from './ProfileChart.tsx';
import { ReachFiguresSection } from './ReachFiguresSection.tsx';
import { Downloads, type Download } from './Downloads.tsx';
import { ReportHeading } from './ReportHeading.tsx';
import {
  AGE_BANDS,
  DIMENSIONS,
  INTERVIEW_CODES,
  SEX_CODES,
  YES_NO_UNKNOWN,
  type AlertFiguresAnswer,
  type ProfileAnswer,
  type TrendAnswer,
} from './types.ts';
import './profiles.css';

const FIELDS = ['dimension', 'from', 'to', 'force', 'sex', 'ageBand', 'inCare', 'exploitation', 'repeat', 'returnInterview'] as const;
type Fields = Record<(typeof FIELDS)[number], string>;

function apiQuery(fields: Fields, withDimension: boolean): string {
  const query = new URLSearchParams();
  for (const key of FIELDS) {
    if (key === 'dimension' && !withDimension) continue;
    if (fields[key]) query.set(key, fields[key]);
  }
  return query.toString();
}

export function ProfilesPage() {
  const { t } = useTranslation('profiles');
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FIELDS.map((key) => [key, params.get(key) ?? (key === 'dimension' ? 'age_band' : '')])) as Fields;
  const paramsKey = params.toString();
  const [edited, setEdited] = useState<{ for: string; fields: Fields }>();
  const draft = edited?.for === paramsKey ? edited.fields : current;
  const field = (key: keyof Fields) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setEdited({ for: paramsKey, fields: { ...draft, [key]: e.target.value } }),
  });

  const countsQuery = apiQuery(current, true);
  const trendQuery = apiQuery(current, false);
  const counts = useQuery({
    queryKey: ['profiles', 'counts', countsQuery],
    queryFn: () => get<ProfileAnswer>(`/profiles/counts?${countsQuery}`),
    placeholderData: keepPreviousData,
  });
  const trend = useQuery({
    queryKey: ['profiles', 'trend', trendQuery],
    queryFn: () => get<TrendAnswer>(`/profiles/trend?${trendQuery}`),
    placeholderData: keepPreviousData,
  });
  const alertsQuery = apiQuery({ ...current, sex: '', ageBand: '', inCare: '', exploitation: '', repeat: '', returnInterview: '' }, false);
  const alerts = useQuery({
    queryKey: ['profiles', 'alerts', alertsQuery],
    queryFn: () => get<AlertFiguresAnswer>(`/profiles/alerts?${alertsQuery}`),
    placeholderData: keepPreviousData,
  });
  const forces = useQuery({
    queryKey: ['profiles', 'forces'],
    queryFn: () => get<{ items: { code: string; name: string }[] }>('/profiles/forces').then((r) => r.items),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FIELDS) if (draft[key]) next.set(key, draft[key]);
    setParams(next);
  }

  const choice = (key: keyof Fields, codes: readonly string[], label: (code: string) => string) => (
    <div className="field">
      <label htmlFor={`profile-${key}`}>{t(`field.${key}`)}</label>
      <select id={`profile-${key}`} {...field(key)}>
        {key === 'dimension' ? null : <option value="">{t('any')}</option>}
        {codes.map((code) => (
          <option key={code} value={code}>
            {label(code)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p className="no-print">{t('intro')}</p>
      {counts.data ? <ReportHeading answer={counts.data} forces={forces.data ?? []} /> : null}
      <form className="search-form no-print" aria-label={t('formLabel')} onSubmit={submit}>
        <div className="fields">
          {choice('dimension', DIMENSIONS, (code) => t(`dimension.${code}`))}
          <div className="field">
            <label htmlFor="profile-from">{t('field.from')}</label>
            <input id="profile-from" type="month" {...field('from')} />
          </div>
          <div className="field">
            <label htmlFor="profile-to">{t('field.to')}</label>
            <input id="profile-to" type="month" {...field('to')} />
          </div>
          {choice(
            'force',
            (forces.data ?? []).map((force) => force.code),
            (code) => forces.data?.find((force) => force.code === code)?.name ?? code,
          )}
          {choice('sex', SEX_CODES, (code) => t(`code.sex.${code}`))}
          {choice('ageBand', AGE_BANDS, (code) => t(`code.age_band.${code}`))}
          {choice('inCare', YES_NO_UNKNOWN, (code) => t(`code.yes_no.${code}`))}
          {choice('exploitation', YES_NO_UNKNOWN, (code) => t(`code.yes_no.${code}`))}
          {choice('repeat', ['yes', 'no'], (code) => t(`code.yes_no.${code}`))}
          {choice('returnInterview', INTERVIEW_CODES, (code) => t(`code.return_interview.${code}`))}
        </div>
        <div className="actions">
          <button type="submit">{t('show')}</button>
          <button type="button" className="secondary" onClick={() => window.print()} disabled={!counts.data}>
            {t('print')}
          </button>
        </div>
      </form>
      <ErrorMessage
        error={counts.error ?? trend.error}
        fields={{
          '/querystring/from': { label: t('field.from'), id: 'profile-from' },
          '/querystring/to': { label: t('field.to'), id: 'profile-to' },
          '/querystring/force': { label: t('field.force'), id: 'profile-force' },
        }}
      />
      {counts.isFetching && !counts.data ? <Loading /> : null}
      {counts.data ? <CountsSection answer={counts.data} download={['/api/v1/profiles/counts', countsQuery]} /> : null}
      {trend.data ? <TrendSection answer={trend.data} download={['/api/v1/profiles/trend', trendQuery]} /> : null}
      {alerts.data ? <AlertFiguresSection answer={alerts.data} download={['/api/v1/profiles/alerts', alertsQuery]} /> : null}
      <ReachFiguresSection query={alertsQuery} />
      {counts.data ? <MethodNotes answer={counts.data} /> : null}
    </main>
  );
}

function useCodeLabel() {
  const { t, i18n } = useTranslation('profiles');
  return (dimension: ProfileAnswer['dimension'], value: string, label: string | null): string => {
    if (label) return label;
    if (dimension === 'month') return monthName(value, i18n.language);
    if (dimension === 'hour') return `${value.padStart(2, '0')}:00–${value.padStart(2, '0')}:59`;
    if (dimension === 'weekday')
      return new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, Number(value))),
      );
    if (dimension === 'cell' || dimension === 'force') return value;
    // Authorities come named; only 'none' and 'other' are left to say.
    const group = ['in_care', 'exploitation', 'repeat'].includes(dimension) ? 'yes_no' : dimension;
    return t(`code.${group}.${value}`);
  };
}

function CountsSection({ answer, download }: { answer: ProfileAnswer; download: Download }) {
  const { t, i18n } = useTranslation('profiles');
  const figure = useFigure();
  const codeLabel = useCodeLabel();
  const labels = useMemo(() => answer.rows.map((row) => codeLabel(answer.dimension, row.value, row.label)), [answer, codeLabel]);
  const series = useMemo(
    () => [
      { label: t('episodes'), values: answer.rows.map((row) => row.episodes.count) },
      { label: t('children'), values: answer.rows.map((row) => row.children.count) },
    ],
    [answer, t],
  );
  const heading = t('countsHeading', {
    dimension: t(`dimension.${answer.dimension}`),
    from: monthName(answer.from, i18n.language),
    to: monthName(answer.to, i18n.language),
  });
  return (
    <section aria-labelledby="profile-counts">
      <h2 id="profile-counts">{heading}</h2>
      {answer.includesSynthetic ? <p className="notice">{t('synthetic')}</p> : null}
      {answer.dimension === 'cell' ? (
        <HexMap answer={answer} />
      ) : (
        <ProfileChart type="bar" labels={labels} series={series} caption={t('chartCaption')} />
      )}
      <ScrollingTable label={heading} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{t(`dimension.${answer.dimension}`)}</th>
            <th scope="col">{t('episodes')}</th>
            <th scope="col">{t('children')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.rows.map((row, i) => (
            <tr key={row.value}>
              <th scope="row">{labels[i]}</th>
              <td>{figure(row.episodes)}</td>
              <td>{figure(row.children)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td>{figure(answer.total.episodes)}</td>
            <td>{figure(answer.total.children)}</td>
          </tr>
        </tfoot>
      </ScrollingTable>
      <Downloads path={download} />
    </section>
  );
}

function TrendSection({ answer, download }: { answer: TrendAnswer; download: Download }) {
  const { t, i18n } = useTranslation('profiles');
  const figure = useFigure();
  const labels = useMemo(() => answer.months.map((month) => monthName(month.month, i18n.language)), [answer, i18n.language]);
  const series = useMemo(
    () => [
      { label: t('thisPeriod'), values: answer.months.map((month) => month.episodes.count) },
      { label: t('yearBefore'), values: answer.months.map((month) => month.yearBefore.episodes.count) },
    ],
    [answer, t],
  );
  return (
    <section aria-labelledby="profile-trend">
      <h2 id="profile-trend">{t('trendHeading')}</h2>
      <ProfileChart type="line" labels={labels} series={series} caption={t('trendCaption')} />
      <ScrollingTable label={t('trendHeading')} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{t('month')}</th>
            <th scope="col">{t('episodes')}</th>
            <th scope="col">{t('children')}</th>
            <th scope="col">{t('episodesYearBefore')}</th>
            <th scope="col">{t('childrenYearBefore')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.months.map((month, i) => (
            <tr key={month.month}>
              <th scope="row">{labels[i]}</th>
              <td>{figure(month.episodes)}</td>
              <td>{figure(month.children)}</td>
              <td>{figure(month.yearBefore.episodes)}</td>
              <td>{figure(month.yearBefore.children)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td>{figure(answer.total.episodes)}</td>
            <td>{figure(answer.total.children)}</td>
            <td>{figure(answer.totalYearBefore.episodes)}</td>
            <td>{figure(answer.totalYearBefore.children)}</td>
          </tr>
        </tfoot>
      </ScrollingTable>
      <Downloads path={download} />
    </section>
  );
}

function MethodNotes({ answer }: { answer: ProfileAnswer }) {
  const { t } = useTranslation('profiles');
  return (
    <section aria-labelledby="profile-notes">
      <h2 id="profile-notes">{t('notesHeading')}</h2>
      <ul>
        <li>{t('note.definitions')}</li>
        {answer.disclosure === 'controlled' ? <li>{t('note.control')}</li> : <li>{t('note.exact')}</li>}
      </ul>
    </section>
  );
}

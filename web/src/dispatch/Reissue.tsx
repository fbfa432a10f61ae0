// The re-issue schedule of an appeal (to organisations' webhooks every N minutes for H hours): shown to
// everyone on the case, set or stopped by those who may (reissue:manage).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, put } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import { useSession } from '../app/session.tsx';
import { FieldError, fieldProblem, problemAria } from '../app/forms.tsx';
import type { ReissueView } from '../../../src/dispatch/schemas.ts';

export function Reissue({ alertId, active }: { alertId: string; active: boolean }) {
  const { t, i18n } = useTranslation('dispatch');
  const { can } = useSession();
  const queryClient = useQueryClient();
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.reissue(alertId), queryFn: () => get<ReissueView>(`/alerts/${alertId}/reissue`) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: keys.reissue(alertId) });
  const [everyMinutes, setEveryMinutes] = useState('30');
  const [forHours, setForHours] = useState('24');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const schedule = data?.schedule;
  const running = schedule && !schedule.stoppedAt;

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormError(undefined);
    setMessage('');
    try {
      await put<ReissueView>(`/alerts/${alertId}/reissue`, { everyMinutes: Number(everyMinutes), forHours: Number(forHours) });
      setMessage(t('reissue.saved'));
      reload();
    } catch (e) {
      setFormError(e);
    } finally {
      setBusy(false);
    }
  }

  async function stop() {
    if (!window.confirm(t('reissue.confirmStop'))) return;
    setFormError(undefined);
    try {
      await del<ReissueView>(`/alerts/${alertId}/reissue`);
      setMessage(t('reissue.stoppedMessage'));
      reload();
    } catch (e) {
      setFormError(e);
    }
  }

  const formFields = {
    '/body/everyMinutes': { label: t('reissue.everyLabel'), id: 'reissue-every' },
    '/body/forHours': { label: t('reissue.forLabel'), id: 'reissue-for' },
  };
  const everyError = fieldProblem(formError, '/body/everyMinutes', formFields['/body/everyMinutes'].label);
  const forError = fieldProblem(formError, '/body/forHours', formFields['/body/forHours'].label);
  return (
    <section aria-labelledby="reissue-title">
      <h2 id="reissue-title">{t('reissue.title')}</h2>
      <p className="muted">{t('reissue.intro')}</p>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        schedule ? (
          <dl className="facts">
            <div>
              <dt>{t('reissue.every')}</dt>
              <dd>
                {new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(schedule.everyMinutes)}
              </dd>
            </div>
            <div>
              <dt>{t('reissue.until')}</dt>
              <dd>
                <DateTime value={schedule.untilAt} />
              </dd>
            </div>
            <div>
              <dt>{t('reissue.next')}</dt>
              <dd>{schedule.nextAt && running ? <DateTime value={schedule.nextAt} /> : '—'}</dd>
            </div>
            <div>
              <dt>{t('reissue.done')}</dt>
              <dd>{schedule.issuesDone}</dd>
            </div>
            {schedule.stoppedAt ? (
              <div>
                <dt>{t('reissue.stopped')}</dt>
                <dd>
                  <DateTime value={schedule.stoppedAt} />
                </dd>
              </div>
            ) : null}
          </dl>
        ) : (
          <p>{t('reissue.none')}</p>
        )
      ) : null}
      {data && data.runs.length > 0 ? (
        <ScrollingTable label={t('reissue.runs')}>
          <thead>
            <tr>
              <th scope="col">{t('reissue.issue')}</th>
              <th scope="col">{t('reissue.queuedAt')}</th>
              <th scope="col">{t('reissue.state')}</th>
              <th scope="col">{t('reissue.targeted')}</th>
              <th scope="col">{t('reissue.finishedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.runs.map((run) => (
              <tr key={run.issue}>
                <th scope="row">{run.issue}</th>
                <td>
                  <DateTime value={run.queuedAt} />
                </td>
                <td>{t(`jobState.${run.state}`, { defaultValue: run.state })}</td>
                <td>{run.targeted}</td>
                <td>
                  <DateTime value={run.finishedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}
      <p role="status" className="muted">
        {message}
      </p>
      {can('reissue:manage') && active ? (
        <form onSubmit={(e) => void save(e)} noValidate className="stack" aria-labelledby="reissue-form-title">
          <h3 id="reissue-form-title">{running ? t('reissue.change') : t('reissue.set')}</h3>
          <ErrorMessage error={formError} fields={formFields} />
          <div className="row">
            <div>
              <label htmlFor="reissue-every">{t('reissue.everyLabel')}</label>
              <input
                id="reissue-every"
                type="number"
                inputMode="numeric"
                min={5}
                max={1440}
                step={1}
                value={everyMinutes}
                onChange={(e) => setEveryMinutes(e.target.value)}
                {...problemAria(everyError, 'reissue-every-error', 'reissue-every-hint')}
              />
              <span id="reissue-every-hint" className="muted hint">
                {t('reissue.everyHint')}
              </span>
              <FieldError id="reissue-every-error" message={everyError} />
            </div>
            <div>
              <label htmlFor="reissue-for">{t('reissue.forLabel')}</label>
              <input
                id="reissue-for"
                type="number"
                inputMode="numeric"
                min={1}
                max={168}
                step={1}
                value={forHours}
                onChange={(e) => setForHours(e.target.value)}
                {...problemAria(forError, 'reissue-for-error', 'reissue-for-hint')}
              />
              <span id="reissue-for-hint" className="muted hint">
                {t('reissue.forHint')}
              </span>
              <FieldError id="reissue-for-error" message={forError} />
            </div>
          </div>
          <div className="row">
            <button type="submit" disabled={busy}>
              {running ? t('reissue.saveChange') : t('reissue.save')}
            </button>
            {running ? (
              <button type="button" className="danger" onClick={() => void stop()}>
                {t('reissue.stop')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}

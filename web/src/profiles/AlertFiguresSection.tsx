// Child Rescue Alert figures beside the profile: month by month how many alerts were asked for and approved,
// how long a second officer took to approve, how many people each reached and how many sightings came back,
// and how the episodes behind them ended. Withheld figures show as [c], as everywhere in profiles.
import { useTranslation } from 'react-i18next';
import { ScrollingTable } from '../app/ui.tsx';
import { OUTCOME_CODES, type AlertFiguresAnswer } from './types.ts';
import { monthName, useFigure } from './figures.ts';
import { Downloads, type Download } from './Downloads.tsx';

export function AlertFiguresSection({ answer, download }: { answer: AlertFiguresAnswer; download: Download }) {
  const { t, i18n } = useTranslation('profiles');
  const figure = useFigure();
  const number = (value: number) => value.toLocaleString(i18n.language);
  const minutes = (value: number | null) => (value === null ? '–' : number(value));
  const outcomesHeading = t('alerts.outcomesHeading');
  return (
    <section aria-labelledby="profile-alerts">
      <h2 id="profile-alerts">{t('alerts.heading')}</h2>
      <ScrollingTable label={t('alerts.heading')} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{t('month')}</th>
            <th scope="col">{t('alerts.requested')}</th>
            <th scope="col">{t('alerts.approved')}</th>
            <th scope="col">{t('alerts.medianToApproval')}</th>
            <th scope="col">{t('alerts.peopleReached')}</th>
            <th scope="col">{t('alerts.sightings')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.months.map((month) => (
            <tr key={month.month}>
              <th scope="row">{monthName(month.month, i18n.language)}</th>
              <td>{figure(month.requested)}</td>
              <td>{figure(month.approved)}</td>
              <td>{minutes(month.medianMinutesToApproval)}</td>
              <td>{number(month.peopleReached)}</td>
              <td>{number(month.sightings)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td>{figure(answer.total.requested)}</td>
            <td>{figure(answer.total.approved)}</td>
            <td>{minutes(answer.total.medianMinutesToApproval)}</td>
            <td>{number(answer.total.peopleReached)}</td>
            <td>{number(answer.total.sightings)}</td>
          </tr>
        </tfoot>
      </ScrollingTable>
      <ScrollingTable label={outcomesHeading} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{outcomesHeading}</th>
            <th scope="col">{t('alerts.approved')}</th>
          </tr>
        </thead>
        <tbody>
          {OUTCOME_CODES.map((code) => (
            <tr key={code}>
              <th scope="row">{t(`code.outcome.${code}`)}</th>
              <td>{figure(answer.outcomes.find((entry) => entry.value === code)?.alerts ?? { count: 0, withheld: false })}</td>
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
      <p className="muted">{t('alerts.note')}</p>
      <Downloads path={download} />
    </section>
  );
}

// Sign-up and reach figures: who would receive an alert today, by force area and channel, and channels
// confirmed month by month. Counting every subscriber takes a moment on a national register, so the figures
// are fetched when the analyst asks for them, for the period and area chosen above.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { ErrorMessage, Loading, ScrollingTable } from '../app/ui.tsx';
import { monthName, useFigure } from './figures.ts';
import type { ReachFiguresAnswer } from './types.ts';
import { Downloads } from './Downloads.tsx';

export function ReachFiguresSection({ query }: { query: string }) {
  const { t } = useTranslation('profiles');
  const [asked, setAsked] = useState(false);
  const reach = useQuery({
    queryKey: ['profiles', 'reach', query],
    queryFn: () => get<ReachFiguresAnswer>(`/profiles/reach?${query}`),
    enabled: asked,
  });
  return (
    <section aria-labelledby="profile-reach">
      <h2 id="profile-reach">{t('reach.heading')}</h2>
      {asked ? null : (
        <button type="button" className="secondary no-print" onClick={() => setAsked(true)}>
          {t('reach.show')}
        </button>
      )}
      <ErrorMessage error={reach.error} />
      {reach.isFetching && !reach.data ? <Loading /> : null}
      {reach.data ? (
        <>
          <ReachTables answer={reach.data} />
          <Downloads path={['/api/v1/profiles/reach', query]} />
        </>
      ) : null}
    </section>
  );
}

function ReachTables({ answer }: { answer: ReachFiguresAnswer }) {
  const { t, i18n } = useTranslation(['profiles', 'dispatch']);
  const figure = useFigure();
  const channelHeadings = answer.channels.map((channel) => (
    <th scope="col" key={channel}>
      {t(`dispatch:channel.${channel}`)}
    </th>
  ));
  return (
    <>
      <ScrollingTable label={t('reach.byArea')} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{t('field.force')}</th>
            {channelHeadings}
            <th scope="col">{t('reach.anyChannel')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.areas.map((area) => (
            <tr key={area.code}>
              <th scope="row">{area.name}</th>
              {area.byChannel.map((count, i) => (
                <td key={answer.channels[i]}>{figure(count)}</td>
              ))}
              <td>{figure(area.subscribers)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            {answer.total.byChannel.map((count, i) => (
              <td key={answer.channels[i]}>{figure(count)}</td>
            ))}
            <td>{figure(answer.total.subscribers)}</td>
          </tr>
        </tfoot>
      </ScrollingTable>
      <ScrollingTable label={t('reach.signUps')} className="profile-table">
        <thead>
          <tr>
            <th scope="col">{t('month')}</th>
            {channelHeadings}
          </tr>
        </thead>
        <tbody>
          {answer.signUps.map((month) => (
            <tr key={month.month}>
              <th scope="row">{monthName(month.month, i18n.language)}</th>
              {month.byChannel.map((count, i) => (
                <td key={answer.channels[i]}>{figure(count)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            {answer.signUpTotal.map((count, i) => (
              <td key={answer.channels[i]}>{figure(count)}</td>
            ))}
          </tr>
        </tfoot>
      </ScrollingTable>
      <p className="muted">{t('reach.note')}</p>
    </>
  );
}

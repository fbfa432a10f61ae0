// The national queue of candidate matches (for a force: the candidates of its own cases and records), open first
// and best first, filtered by status in the address; sensitive children shown only once a reason is given.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../app/ui.tsx';
import { SensitiveReason, reasonHeaders } from '../cases/SensitiveReason.tsx';
import { CandidateList } from './CandidateList.tsx';
import { CANDIDATE_STATUSES } from './types.ts';
import './matching.css';

export function MatchQueue() {
  const { t } = useTranslation('matching');
  const [params, setParams] = useSearchParams();
  const [reason, setReason] = useState<string>();
  // Open by default: what waits for a decision. "all" shows decided pairs too.
  const chosen = params.get('status') ?? 'open';
  const status = chosen === 'all' ? '' : chosen;
  return (
    <main id="main">
      <PageHeading>{t('queue.title')}</PageHeading>
      <p>{t('queue.intro')}</p>
      <div className="field">
        <label htmlFor="candidate-status">{t('queue.status')}</label>
        <select
          id="candidate-status"
          value={chosen}
          onChange={(e) => {
            const next = new URLSearchParams();
            if (e.target.value !== 'open') next.set('status', e.target.value);
            setParams(next);
          }}
        >
          {CANDIDATE_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.${value}`)}
            </option>
          ))}
          <option value="all">{t('queue.all')}</option>
        </select>
      </div>
      <SensitiveReason
        reason={reason}
        onReason={setReason}
        text={{ include: t('queue.include'), hint: t('queue.reasonHint'), shown: t('queue.reasonShown'), submit: t('queue.include') }}
      />
      <section aria-labelledby="queue-results">
        <h2 id="queue-results">{t('queue.results')}</h2>
        <CandidateList
          path="/matching/candidates"
          status={status}
          headers={reasonHeaders(reason) ?? {}}
          listedFor="queue"
          headingId="queue-results"
        />
      </section>
    </main>
  );
}

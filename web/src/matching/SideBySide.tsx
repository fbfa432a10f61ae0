// One candidate match with both records side by side: who each is (as far as the viewer may see), each
// feature the matcher compared with the two values and what it added to the score, the photos of each side the
// viewer has reach to (read through the case's and the record's own audited routes), and the decisions.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { keys } from '../app/queries.ts';
import { DateOnly, DateTime, ScrollingTable } from '../app/ui.tsx';
import { ApiImage } from '../cases/ApiImage.tsx';
import { Decisions } from './Decisions.tsx';
import { useNumber } from './numbers.ts';
import type { CandidateView, CaseView, DecisionAnswer, UnidentifiedView } from './types.ts';

type Photo = CaseView['photos'][number];

export function SideBySide({
  candidate,
  headers,
  onClose,
  onDecided,
}: {
  candidate: CandidateView;
  headers: Record<string, string>;
  onClose: () => void;
  onDecided: (answer: DecisionAnswer) => Promise<void>;
}) {
  const { t } = useTranslation('matching');
  const { can } = useSession();
  const number = useNumber();
  const headingId = `compare-${candidate.id}`;
  const decidable = can('match:review') && (candidate.status === 'open' || candidate.status === 'referred');
  return (
    <section className="section side-by-side" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {t('compare.title', { case: candidate.case.reference, record: candidate.unidentified.reference })}
      </h3>
      <p>
        <button type="button" className="link" onClick={onClose}>
          {t('compare.close')}
        </button>
      </p>
      <p>
        <strong>{t('compare.total', { score: number(candidate.score, 1) })}</strong> · {t(`status.${candidate.status}`)}
      </p>
      <DecisionSoFar candidate={candidate} />
      <div className="sides">
        <CaseFacts candidate={candidate} headers={headers} />
        <RecordFacts candidate={candidate} />
      </div>
      <FeatureTable candidate={candidate} />
      {decidable ? <Decisions candidate={candidate} onDecided={onDecided} /> : null}
    </section>
  );
}

function DecisionSoFar({ candidate }: { candidate: CandidateView }) {
  const { t } = useTranslation('matching');
  if (candidate.status === 'open' || !candidate.decidedAt) return null;
  return (
    <dl className="facts">
      <dt>{t('compare.decided')}</dt>
      <dd>
        <DateTime value={candidate.decidedAt} />
      </dd>
      {candidate.referralKind ? (
        <>
          <dt>{t('compare.referredFor')}</dt>
          <dd>{t(`referral.${candidate.referralKind}`)}</dd>
        </>
      ) : null}
      {candidate.decisionReason ? (
        <>
          <dt>{candidate.status === 'dismissed' ? t('compare.dismissedBecause') : t('compare.note')}</dt>
          <dd>{candidate.decisionReason}</dd>
        </>
      ) : null}
    </dl>
  );
}

function CaseFacts({ candidate, headers }: { candidate: CandidateView; headers: Record<string, string> }) {
  const { t } = useTranslation('matching');
  const side = candidate.case;
  const child = side.child;
  return (
    <div className="side">
      <h4>{t('compare.caseSide')}</h4>
      <dl className="facts">
        <dt>{t('compare.reference')}</dt>
        <dd>{side.reachable ? <Link to={`/cases/${side.id}`}>{side.reference}</Link> : side.reference}</dd>
        <dt>{t('compare.force')}</dt>
        <dd>{side.owningOrganisationName}</dd>
        {child ? (
          <>
            <dt>{t('compare.name')}</dt>
            <dd>{child.name}</dd>
            <dt>{t('compare.dateOfBirth')}</dt>
            <dd>{child.dateOfBirth ? <DateOnly value={child.dateOfBirth} /> : '—'}</dd>
          </>
        ) : null}
        {side.lastSeen ? (
          <>
            <dt>{t('compare.lastSeen')}</dt>
            <dd>
              <DateTime value={side.lastSeen.at} /> · {side.lastSeen.place}
            </dd>
          </>
        ) : null}
      </dl>
      {side.identityWithheld ? (
        <p className="notice">{side.reachable && side.sensitive ? t('compare.giveReason') : t('compare.outOfReach')}</p>
      ) : (
        <CasePhotos caseId={side.id} headers={headers} name={child?.name ?? side.reference} />
      )}
    </div>
  );
}

function RecordFacts({ candidate }: { candidate: CandidateView }) {
  const { t } = useTranslation('matching');
  const side = candidate.unidentified;
  return (
    <div className="side">
      <h4>{t(`compare.recordSide.${side.kind}`, { defaultValue: t('compare.recordSide.living') })}</h4>
      <dl className="facts">
        <dt>{t('compare.reference')}</dt>
        <dd>{side.reachable ? <Link to={`/unidentified/${side.id}`}>{side.reference}</Link> : side.reference}</dd>
        <dt>{t('compare.force')}</dt>
        <dd>{side.owningOrganisationName}</dd>
        {side.description ? (
          <>
            <dt>{t('compare.found')}</dt>
            <dd>
              <DateTime value={side.description.found.at} /> · {side.description.found.place}
            </dd>
          </>
        ) : null}
      </dl>
      {side.reachable ? (
        <RecordPhotos recordId={side.id} reference={side.reference} />
      ) : (
        <p className="notice">{t('compare.recordOutOfReach')}</p>
      )}
    </div>
  );
}

// Features whose values are the unidentified vocabulary's words, which the console translates; the others are
// the matcher's own English (a distance, a time, shared words), shown as such.
const WORD_GROUPS: Partial<Record<string, string>> = { build: 'build', hair: 'hair', eyes: 'eyes' };

function FeatureValue({ feature, value }: { feature: string; value: string | null }) {
  const { t, i18n } = useTranslation('matching');
  const group = WORD_GROUPS[feature];
  if (value === null) return <td>{t('compare.none')}</td>;
  if (group && i18n.exists(`unidentified:${group}.${value}`)) return <td>{t(`unidentified:${group}.${value}`)}</td>;
  return <td lang="en">{value}</td>;
}

/** Each feature compared: the two values and what it added to (or took from) the score. */
function FeatureTable({ candidate }: { candidate: CandidateView }) {
  const { t } = useTranslation('matching');
  const number = useNumber();
  return (
    <ScrollingTable
      label={t('compare.features', { case: candidate.case.reference, record: candidate.unidentified.reference })}
      className="features"
    >
      <thead>
        <tr>
          <th scope="col">{t('compare.feature')}</th>
          <th scope="col">{t('compare.caseSide')}</th>
          <th scope="col">{t(`compare.recordSide.${candidate.unidentified.kind}`, { defaultValue: t('compare.recordSide.living') })}</th>
          <th scope="col">{t('compare.contribution')}</th>
        </tr>
      </thead>
      <tbody>
        {candidate.features.map((feature) => (
          <tr key={feature.feature}>
            <th scope="row">{t(`feature.${feature.feature}`)}</th>
            <FeatureValue feature={feature.feature} value={feature.case} />
            <FeatureValue feature={feature.feature} value={feature.unidentified} />
            <td className={feature.contribution > 0 ? 'for' : feature.contribution < 0 ? 'against' : undefined}>
              {number(feature.contribution, 1, true)}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}

function PhotoList({ photos, headers, alt }: { photos: Photo[]; headers: Record<string, string>; alt: (n: number) => string }) {
  const { t } = useTranslation('matching');
  if (photos.length === 0) return <p className="muted">{t('compare.noPhotos')}</p>;
  return (
    <ul className="photos">
      {photos.slice(0, 3).map((photo, i) => (
        <li key={photo.id}>
          <ApiImage url={photo.urls.thumb} headers={headers} alt={photo.caption || alt(i + 1)} width={160} />
        </li>
      ))}
    </ul>
  );
}

/** The case's photos, read through the case's own route (an audited view of the case). */
function CasePhotos({ caseId, headers, name }: { caseId: string; headers: Record<string, string>; name: string }) {
  const { t } = useTranslation('matching');
  const reason = headers['x-access-reason'];
  const view = useQuery({ queryKey: keys.case(caseId, reason), queryFn: () => get<CaseView>(`/cases/${caseId}`, headers) });
  if (!view.data) return null;
  return <PhotoList photos={view.data.photos} headers={headers} alt={(n) => t('compare.casePhoto', { name, n })} />;
}

function RecordPhotos({ recordId, reference }: { recordId: string; reference: string }) {
  const { t } = useTranslation('matching');
  const view = useQuery({ queryKey: keys.unidentified(recordId), queryFn: () => get<UnidentifiedView>(`/unidentified/${recordId}`) });
  if (!view.data) return null;
  return <PhotoList photos={view.data.photos} headers={{}} alt={(n) => t('compare.recordPhoto', { reference, n })} />;
}

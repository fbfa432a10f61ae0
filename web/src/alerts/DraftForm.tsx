// The alert draft form: the sections (DraftSections.tsx) over one reducer (draftReducer.ts), a preview, and
// the actions that save, send for approval or request a change to a live alert. Nothing typed is lost when
// the API refuses: the form keeps it and names the field at fault.
import { useReducer } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { patch, post } from '../app/api.ts';
import { PageHeading } from '../app/ui.tsx';
import { keys } from '../app/queries.ts';
import { consoleTime } from '../app/dates.ts';
import { loadJurisdictions } from '../map/BaseMap.tsx';
import { languageName } from './counting.ts';
import { draftReducer, initialDraftState, saveBody, type DraftState } from './draftReducer.ts';
import { AreaSection, CapStatusField, ContentsSection, CriteriaSection, FactsSection, PhotosSection } from './DraftSections.tsx';
import { Preview } from './Preview.tsx';
import { ExerciseBadge, fieldId, ProblemSummary, StateBadge } from './shared.tsx';
import type { Alert, CaseForAlert } from './types.ts';

type Mode = 'draft' | 'change';

export function DraftForm({
  alert: initial,
  theCase,
  headers,
  mode,
}: {
  alert: Alert;
  theCase: CaseForAlert;
  headers: Record<string, string> | undefined;
  /** A draft is saved and sent for approval; a live alert's changes are requested, for a second approver. */
  mode: Mode;
}) {
  const { t } = useTranslation('alerts');
  const [state, dispatch] = useReducer(draftReducer, initial, initialDraftState);
  const { alert, draft } = state;
  const jurisdictions = useQuery({ queryKey: keys.jurisdictions, queryFn: loadJurisdictions, staleTime: Infinity });
  const run = useDraftActions(state, dispatch, headers, mode);
  const describePointer = useDescribePointer(state);

  return (
    <main id="main" className="alerts composer">
      <PageHeading>{mode === 'change' ? t('change.title') : t('composer.title')}</PageHeading>
      {mode === 'change' ? <p className="panel">{t('change.intro')}</p> : null}
      <p>
        {t('start.forCase', { reference: alert.caseReference, name: `${theCase.child.givenNames} ${theCase.child.familyName}` })}{' '}
        <StateBadge state={alert.state} /> <ExerciseBadge capStatus={draft.capStatus} /> ·{' '}
        <Link to={`/alerts/${alert.id}`}>{t('composer.openAlert')}</Link>
      </p>
      {alert.decisionNote ? (
        <div className="panel">
          <strong>{t('composer.returned')}</strong> {alert.decisionNote}
        </div>
      ) : null}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run('save');
        }}
      >
        {mode === 'draft' ? <CriteriaSection state={state} dispatch={dispatch} /> : null}
        {mode === 'draft' ? (
          <CapStatusField
            value={draft.capStatus}
            exercise={draft.capStatus !== 'Actual'}
            onChange={(capStatus) => dispatch({ type: 'update', changes: { capStatus } })}
          />
        ) : null}
        <ContentsSection state={state} dispatch={dispatch} />
        <AreaSection state={state} dispatch={dispatch} jurisdictions={jurisdictions.data ?? []} />
        <PhotosSection state={state} dispatch={dispatch} theCase={theCase} />
        {mode === 'draft' ? <FactsSection state={state} dispatch={dispatch} /> : null}

        <h2>{t('preview.title')}</h2>
        <p className="muted">{t('preview.intro')}</p>
        <Preview
          alertId={alert.id}
          draft={{
            capStatus: draft.capStatus,
            contents: draft.contents,
            photoIds: draft.photoIds,
            vehicle: draft.vehicle,
            suspect: draft.suspect,
          }}
          headers={headers}
        />

        <div className="actions stack">
          <ProblemSummary error={state.problem} describe={describePointer} />
          {state.savedAt ? (
            <p role="status" className="notice">
              {t('composer.saved', { time: state.savedAt })}
            </p>
          ) : null}
          {mode === 'change' ? (
            <>
              <label htmlFor={fieldId('/body/note')}>{t('actions.updateNote')}</label>
              <textarea
                id={fieldId('/body/note')}
                rows={2}
                maxLength={500}
                dir="auto"
                value={state.note}
                onChange={(e) => dispatch({ type: 'note', value: e.target.value })}
              />
              <div className="row">
                <button type="submit" disabled={state.busy}>
                  {t('change.confirm')}
                </button>
                <Link className="button secondary" to={`/alerts/${alert.id}`}>
                  {t('actions.cancel')}
                </Link>
              </div>
            </>
          ) : (
            <div className="row">
              <button type="submit" className="secondary" disabled={state.busy}>
                {t('composer.save')}
              </button>
              <button type="button" disabled={state.busy} onClick={() => void run('submit')}>
                {t('composer.submit')}
              </button>
            </div>
          )}
        </div>
      </form>
    </main>
  );
}

/** Saving, sending for approval, or (for a live alert) requesting a change; the form keeps what was typed on refusal. */
function useDraftActions(
  state: DraftState,
  dispatch: (action: Parameters<typeof draftReducer>[1]) => void,
  headers: Record<string, string> | undefined,
  mode: Mode,
) {
  const { i18n } = useTranslation('alerts');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const reason = headers?.['x-access-reason'];
  const alertId = state.alert.id;
  const written = () => queryClient.invalidateQueries({ queryKey: ['alerts'] });

  const requestChange = async () => {
    dispatch({ type: 'sending' });
    try {
      // Only the appeal itself: new facts (vehicle, suspect) go out as an Update from the alert page.
      const { version, contents, area, photoIds } = saveBody(state);
      const requested = await post<Alert>(
        `/alerts/${alertId}/changes`,
        { version, contents, area, photoIds, note: state.note.trim() },
        headers,
      );
      void written();
      // The declarative router's navigate returns nothing to wait for.
      void navigate(`/alerts/${requested.id}`, { state: { notice: 'changeRequested', reason } });
    } catch (error) {
      dispatch({ type: 'failed', error });
    } finally {
      dispatch({ type: 'settled' });
    }
  };

  return async (action: 'save' | 'submit') => {
    if (mode === 'change') return requestChange();
    dispatch({ type: 'sending' });
    try {
      const saved = await patch<Alert>(`/alerts/${alertId}`, saveBody(state), headers);
      dispatch({ type: 'saved', alert: saved });
      void written();
      if (action === 'submit') {
        await post<Alert>(`/alerts/${saved.id}/submit`, undefined, headers);
        void written();
        void navigate(`/alerts/${saved.id}`, { state: { notice: 'submitted', reason } });
        return;
      }
      dispatch({ type: 'savedAt', time: consoleTime(new Date(), i18n.language) });
    } catch (error) {
      // What the officer typed stays in the form; a draft saved before a refused submission already holds
      // its new version, so the next try is not a conflict.
      dispatch({ type: 'failed', error });
    } finally {
      dispatch({ type: 'settled' });
    }
  };
}

/** Names the field a refusal points at, in the officer's words, for the summary above the buttons. */
function useDescribePointer(state: DraftState): (pointer: string) => string | undefined {
  const { t, i18n } = useTranslation('alerts');
  return (pointer) => {
    const parts = pointer.replace(/^\/body\/?/, '').split('/');
    if (parts[0] === 'criteria' && parts[1]) {
      const name = t(`criteria.${parts[1]}`);
      return parts[2] === 'reason' ? `${name} — ${t('criteria.reason')}` : name;
    }
    if (parts[0] === 'contents' && parts[1] !== undefined) {
      const block = state.draft.contents[Number(parts[1])];
      const field = parts[2] ? t(`content.${parts[2]}`) : t('content.legend');
      return `${block ? languageName(block.language, i18n.language) : ''} — ${field}`;
    }
    if (parts[0] === 'area') return t('area.title');
    if (parts[0] === 'photoIds') return t('photos.title');
    if (parts[0] === 'note') return t('actions.updateNote');
    return undefined;
  };
}

// The triage form under a submission: a note with a status change or a reassignment. Refused by the server
// (409) if someone else worked it since it was read: the latest is shown and the note kept.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../app/api.ts';
import { ErrorMessage } from '../app/ui.tsx';
import { FieldError, problemAria, problemMessage } from '../app/forms.tsx';
import { useForceAreas, useQueueName } from './queueNames.ts';
import {
  NATIONAL_QUEUE,
  NEXT_STATUSES,
  queueOfJurisdiction,
  type SubmissionDetailView,
  type SubmissionStatus,
  type TriageResult,
} from './types.ts';

type TriageField = 'note' | 'status' | 'queue';

/** Which form field a problem's JSON Pointer names ("/note", "/body/note"), if any. */
function fieldOf(pointer: string | undefined): TriageField | undefined {
  const name = pointer?.split('/').filter(Boolean).pop();
  return name === 'note' || name === 'status' || name === 'queue' ? name : undefined;
}

export interface TriageOptions {
  /** Read the submission again (after a note, or when someone else got there first). */
  reload: () => void;
  /** Passed to another queue: it leaves this reader's view, with this sentence to say so. */
  onReassigned: (message: string) => void;
  onChanged?: (result: TriageResult) => void;
}

/**
 * The form's state and its one action. Held by the panel rather than the form, so that what was typed
 * survives reloads and errors: nothing typed is lost.
 */
export function useTriage({ reload, onReassigned, onChanged }: TriageOptions) {
  const { t } = useTranslation('reports');
  const queueName = useQueueName();
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<SubmissionStatus | ''>('');
  const [queue, setQueue] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TriageField, string>>>({});
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<string>();

  async function submit(event: FormEvent, data: SubmissionDetailView) {
    event.preventDefault();
    setSaved(undefined);
    setSaveError(undefined);
    setConflict(false);
    if (note.trim() === '') {
      setFieldErrors({ note: t('form.noteRequired') });
      document.getElementById('triage-note')?.focus();
      return;
    }
    setFieldErrors({});
    setSaving(true);
    try {
      const result = await post<TriageResult>(`/submissions/${data.id}/triage`, {
        note: note.trim(),
        ...(status ? { status } : {}),
        ...(queue ? { queue } : {}),
        expectedUpdatedAt: data.updatedAt,
      });
      setNote('');
      setStatus('');
      setQueue('');
      onChanged?.(result);
      if (result.queue !== data.queue) {
        onReassigned(t('form.reassigned', { reference: data.reference, queue: queueName(result.queue) }));
      } else {
        setSaved(t('form.saved'));
        reload();
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone else worked it, or the status move is not allowed from where it now is: show the latest, keep the note.
        setConflict(true);
        setSaveError(error);
        reload();
      } else {
        setSaveError(error);
        if (error instanceof ApiError) {
          const errors: Partial<Record<TriageField, string>> = {};
          for (const e of [...(error.problem.errors ?? []), { pointer: error.problem.pointer, detail: error.problem.detail }]) {
            const field = fieldOf(e.pointer);
            if (field && (e.detail || e.pointer) && !errors[field]) errors[field] = problemMessage(e, t(`form.${field}`));
          }
          setFieldErrors(errors);
        }
      }
    } finally {
      setSaving(false);
    }
  }

  return { note, setNote, status, setStatus, queue, setQueue, saving, saveError, fieldErrors, conflict, saved, submit };
}

export function TriageForm({ data, triage }: { data: SubmissionDetailView; triage: ReturnType<typeof useTriage> }) {
  const { t } = useTranslation('reports');
  const queueName = useQueueName();
  const areas = useForceAreas();
  const { note, setNote, status, setStatus, queue, setQueue, saving, saveError, fieldErrors, conflict, saved, submit } = triage;
  const nextStatuses = NEXT_STATUSES[data.status];
  const queues = [NATIONAL_QUEUE, ...areas.map((a) => queueOfJurisdiction(a.code))].filter((q) => q !== data.queue);
  return (
    <form className="triage-form stack" onSubmit={(e) => void submit(e, data)} noValidate aria-labelledby="triage-heading">
      <h3 id="triage-heading">{t('form.title')}</h3>
      {saved ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      {conflict ? (
        <div role="alert" className="problem">
          <strong>{t('form.conflictTitle')}</strong>
          <p>{t('form.conflictHelp')}</p>
          {saveError instanceof ApiError && saveError.problem.detail ? <p>{saveError.problem.detail}</p> : null}
        </div>
      ) : saveError && !Object.keys(fieldErrors).length ? (
        <ErrorMessage error={saveError} />
      ) : null}
      <div>
        <label htmlFor="triage-note">{t('form.note')}</label>
        <p id="triage-note-help" className="muted hint">
          {t('form.noteHelp')}
        </p>
        <FieldError id="triage-note-error" message={fieldErrors.note} />
        <textarea
          id="triage-note"
          rows={3}
          maxLength={4000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...problemAria(fieldErrors.note, 'triage-note-error', 'triage-note-help')}
        />
      </div>
      <div className="row">
        <div>
          <label htmlFor="triage-status">{t('form.status')}</label>
          <FieldError id="triage-status-error" message={fieldErrors.status} />
          <select
            id="triage-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as SubmissionStatus | '')}
            {...problemAria(fieldErrors.status, 'triage-status-error')}
          >
            <option value="">{t('form.keepStatus', { status: t(`status.${data.status}`) })}</option>
            {nextStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {/* Passing it on is the owning force's call: the force where it was seen works it where it is. */}
        {data.reach === 'queue' ? (
          <div>
            <label htmlFor="triage-queue">{t('form.queue')}</label>
            <FieldError id="triage-queue-error" message={fieldErrors.queue} />
            <select
              id="triage-queue"
              value={queue}
              onChange={(e) => setQueue(e.target.value)}
              {...problemAria(fieldErrors.queue, 'triage-queue-error')}
            >
              <option value="">{t('form.keepQueue', { queue: queueName(data.queue) })}</option>
              {queues.map((q) => (
                <option key={q} value={q}>
                  {queueName(q)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {queue ? <p className="muted">{t('form.reassignHelp')}</p> : null}
      <button type="submit" disabled={saving}>
        {saving ? t('form.saving') : queue ? t('form.submitReassign') : t('form.submit')}
      </button>
    </form>
  );
}

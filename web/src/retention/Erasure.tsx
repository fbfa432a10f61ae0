// Erasure of the person just found, where the law allows: the legal ground (a code) and the data protection
// office's reference, then a second confirmation before the irreversible step. A child's record is refused
// while an episode is open (Data Protection Act 2018 s.47(3)); the refusal is said in the officer's language.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { FieldError, problemAria } from '../app/forms.tsx';
import { ErrorMessage } from '../app/ui.tsx';
import { inOwnWords } from './refusal.ts';
import { ERASURE_GROUNDS, type ErasureGround, type ErasureRequest, type ErasureResult, type PersonQuery } from './types.ts';

// "retention_review" is the ground the review queue records when a reviewer lets a record go; a request from
// the person or the law is one of the others.
const REQUEST_GROUNDS = ERASURE_GROUNDS.filter((ground) => ground !== 'retention_review');
/** The API's pattern for the office's reference (src/retention/schemas.ts). */
const REFERENCE = /^[A-Za-z0-9/_-]{1,40}$/;

type Problems = Partial<Record<'ground' | 'reference', string>>;

export function Erasure({ person, onErased }: { person: PersonQuery; onErased: (message: string) => void }) {
  const { t } = useTranslation('retention');
  const [ground, setGround] = useState<ErasureGround | ''>('');
  const [reference, setReference] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>();
  const confirmRef = useRef<HTMLButtonElement>(null);

  function check(): Problems {
    const found: Problems = {};
    if (!ground) found.ground = t('erase.problem.ground');
    if (!reference.trim()) found.reference = t('erase.problem.reference');
    else if (!REFERENCE.test(reference.trim())) found.reference = t('erase.problem.referenceForm');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const found = check();
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    if (!confirming) {
      setConfirming(true);
      setTimeout(() => confirmRef.current?.focus(), 0);
      return;
    }
    const body: ErasureRequest = { person, ground: ground as ErasureGround, requestReference: reference.trim() };
    setSaving(true);
    try {
      const { counts } = await post<ErasureResult>('/subject-access/erase', body);
      const records = Object.values(counts).reduce((sum, n) => sum + n, 0);
      onErased(t('erase.done', { records, reference: reference.trim() }));
    } catch (e) {
      setConfirming(false);
      if (e instanceof ApiError && e.status === 409)
        setError(inOwnWords(e, t(person.kind === 'child' ? 'erase.openEpisode' : 'erase.refused')));
      else if (e instanceof ApiError && e.status === 404) setError(inOwnWords(e, t('erase.notFound')));
      else setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="erase-heading">
      <h3 id="erase-heading">{t('erase.title')}</h3>
      <p>{t(`erase.what.${person.kind}`)}</p>
      <form onSubmit={(event) => handled(submit(event))} noValidate>
        <ErrorMessage
          error={error}
          fields={{
            '/body/ground': { label: t('erase.ground'), id: 'erase-ground' },
            '/body/requestReference': { label: t('erase.reference'), id: 'erase-reference' },
          }}
        />
        <div className="fields">
          <div className={`field${problems.ground ? ' invalid' : ''}`}>
            <label htmlFor="erase-ground">{t('erase.ground')}</label>
            <FieldError id="erase-ground-problem" message={problems.ground} />
            <select
              id="erase-ground"
              value={ground}
              disabled={confirming}
              onChange={(e) => setGround(e.target.value as ErasureGround | '')}
              {...problemAria(problems.ground, 'erase-ground-problem')}
            >
              <option value="">{t('erase.chooseGround')}</option>
              {REQUEST_GROUNDS.map((code) => (
                <option key={code} value={code}>
                  {t(`erasureGround.${code}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${problems.reference ? ' invalid' : ''}`}>
            <label htmlFor="erase-reference">{t('erase.reference')}</label>
            <p id="erase-reference-hint" className="hint">
              {t('erase.referenceHint')}
            </p>
            <FieldError id="erase-reference-problem" message={problems.reference} />
            <input
              id="erase-reference"
              autoComplete="off"
              maxLength={40}
              value={reference}
              readOnly={confirming}
              onChange={(e) => setReference(e.target.value)}
              {...problemAria(problems.reference, 'erase-reference-problem', 'erase-reference-hint')}
            />
          </div>
        </div>
        {confirming ? (
          <p role="alert" className="problem">
            {t('erase.confirm')}
          </p>
        ) : null}
        <div className="actions">
          <button ref={confirmRef} type="submit" className="danger" disabled={saving}>
            {confirming ? t('erase.confirmButton') : t('erase.submit')}
          </button>
          {confirming ? (
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('erase.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

// Subject access for the data protection office: find one person (a child by a case reference; a reporter,
// parent or witness, or a subscriber by the email address or phone number they left), read the summary of
// everything held, download the structured file, and erase where the law allows. What the API answers is kept
// in this screen's memory only (never in the query cache) and let go on leaving it, on a new search and on erasure.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../app/api.ts';
import { handled } from '../app/events.ts';
import { FieldError, problemAria } from '../app/forms.tsx';
import { ErrorMessage } from '../app/ui.tsx';
import { inOwnWords } from './refusal.ts';
import { Erasure } from './Erasure.tsx';
import { londonToday } from './dates.ts';
import { PERSON_KINDS, type PersonKind, type PersonQuery, type SubjectExport } from './types.ts';

type Problems = Partial<Record<'caseReference' | 'contact', string>>;

function queryOf(kind: PersonKind, caseReference: string, email: string, phone: string): PersonQuery {
  if (kind === 'child') return { kind, caseReference: caseReference.trim() };
  return { kind, ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) };
}

/** Saves the structured file; the object URL is let go at once, so the browser holds no copy beyond the file saved. */
function download(found: { query: PersonQuery; answer: SubjectExport }): void {
  const blob = new Blob([JSON.stringify(found.answer.data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  // No name or reference in the file's name: it shows in the downloads list of a shared device.
  link.download = `subject-access-${found.query.kind}-${londonToday()}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function SubjectAccess({ canErase }: { canErase: boolean }) {
  const { t } = useTranslation('retention');
  const [kind, setKind] = useState<PersonKind>('child');
  const [caseReference, setCaseReference] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>();
  const [searching, setSearching] = useState(false);
  const [found, setFound] = useState<{ query: PersonQuery; answer: SubjectExport }>();
  const [erased, setErased] = useState<string>();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const erasedRef = useRef<HTMLParagraphElement>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setErased(undefined);
    setFound(undefined);
    const checked: Problems = {};
    if (kind === 'child' && !caseReference.trim()) checked.caseReference = t('subject.problem.caseReference');
    if (kind !== 'child' && !email.trim() && !phone.trim()) checked.contact = t('subject.problem.contact');
    setProblems(checked);
    if (Object.keys(checked).length > 0) return;
    const query = queryOf(kind, caseReference, email, phone);
    setSearching(true);
    try {
      setFound({ query, answer: await post<SubjectExport>('/subject-access/export', query) });
      setTimeout(() => resultRef.current?.focus(), 0);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? inOwnWords(e, t('subject.notFound')) : e);
    } finally {
      setSearching(false);
    }
  }

  function onErased(message: string) {
    setFound(undefined);
    setErased(message);
    setTimeout(() => erasedRef.current?.focus(), 0);
  }

  return (
    <section aria-labelledby="subject-heading">
      <h2 id="subject-heading">{t('subject.title')}</h2>
      <p>{t('subject.intro')}</p>
      <form className="search-form" onSubmit={(event) => handled(search(event))} noValidate>
        <ErrorMessage
          error={error}
          fields={{
            '/body/caseReference': { label: t('subject.caseReference'), id: 'subject-reference' },
            '/body/email': { label: t('subject.email'), id: 'subject-email' },
            '/body/phone': { label: t('subject.phone'), id: 'subject-phone' },
          }}
        />
        <fieldset>
          <legend>{t('subject.kind')}</legend>
          {PERSON_KINDS.map((option) => (
            <label key={option} className="check">
              <input type="radio" name="subject-kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
              <span>{t(`subject.kindOption.${option}`)}</span>
            </label>
          ))}
        </fieldset>
        {kind === 'child' ? (
          <div className={`field${problems.caseReference ? ' invalid' : ''}`}>
            <label htmlFor="subject-reference">{t('subject.caseReference')}</label>
            <p id="subject-reference-hint" className="hint">
              {t('subject.caseReferenceHint')}
            </p>
            <FieldError id="subject-reference-problem" message={problems.caseReference} />
            <input
              id="subject-reference"
              autoComplete="off"
              maxLength={40}
              value={caseReference}
              onChange={(e) => setCaseReference(e.target.value)}
              {...problemAria(problems.caseReference, 'subject-reference-problem', 'subject-reference-hint')}
            />
          </div>
        ) : (
          <div className="fields">
            <p id="subject-contact-hint" className="hint wide">
              {t('subject.contactHint')}
            </p>
            <FieldError id="subject-contact-problem" message={problems.contact} />
            <div className={`field${problems.contact ? ' invalid' : ''}`}>
              <label htmlFor="subject-email">{t('subject.email')}</label>
              <input
                id="subject-email"
                type="email"
                autoComplete="off"
                maxLength={254}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                {...problemAria(problems.contact, 'subject-contact-problem', 'subject-contact-hint')}
              />
            </div>
            <div className={`field${problems.contact ? ' invalid' : ''}`}>
              <label htmlFor="subject-phone">{t('subject.phone')}</label>
              <input
                id="subject-phone"
                type="tel"
                autoComplete="off"
                maxLength={20}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                {...problemAria(problems.contact, 'subject-contact-problem', 'subject-contact-hint')}
              />
            </div>
          </div>
        )}
        <div className="actions">
          <button type="submit" disabled={searching}>
            {t('subject.find')}
          </button>
        </div>
      </form>
      <p ref={erasedRef} tabIndex={-1} role="status" className={erased ? 'notice' : 'visually-hidden'}>
        {erased}
      </p>
      {found ? (
        <section aria-labelledby="subject-result-heading">
          <h3 id="subject-result-heading" ref={resultRef} tabIndex={-1}>
            {t('subject.result', { records: found.answer.records })}
          </h3>
          <div className="actions">
            <button type="button" onClick={() => download(found)}>
              {t('subject.download')}
            </button>
            <button type="button" className="secondary" onClick={() => setFound(undefined)}>
              {t('subject.forget')}
            </button>
          </div>
          <p className="hint">{t('subject.summaryNote')}</p>
          <div className="subject-summary" role="region" tabIndex={0} aria-label={t('subject.summary')}>
            <pre lang="en" dir="ltr">
              {found.answer.summary}
            </pre>
          </div>
          {canErase ? <Erasure key={JSON.stringify(found.query)} person={found.query} onErased={onErased} /> : null}
        </section>
      ) : null}
    </section>
  );
}

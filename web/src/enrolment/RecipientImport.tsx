// Enrolling recipients from a CSV file: the format with an example to download, the choice between
// all-or-nothing and good rows only, and the outcome: counts, each refused row (line, column, reason),
// and the signing secrets of any webhooks the file created, shown this once.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../app/api.ts';
import { ErrorMessage } from '../app/ui.tsx';
import { useSession } from '../app/session.tsx';
import { FieldError, problemAria } from '../app/forms.tsx';
import { exampleCsv, uploadRecipients } from './csv.ts';
import { OnceSecret } from './OnceSecret.tsx';
import type { AreaChoice, ImportMode, ImportResult, RowError } from './types.ts';

const COLUMNS = ['external_ref', 'channel', 'address', 'area', 'language', 'exercises', 'label'] as const;

function RowErrors({ errors, caption }: { errors: RowError[]; caption: string }) {
  const { t } = useTranslation('enrolment');
  return (
    <div className="table-scroll narrow" tabIndex={0} role="region" aria-label={caption}>
      <table className="row-errors">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.line')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.message')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>{e.line}</td>
              <td>{e.column ? <code>{e.column}</code> : '—'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The row errors a refused file came back with (422), if the problem carries them. */
function refusedRows(error: unknown): RowError[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const rows = (error.problem.errors ?? []) as Partial<RowError>[];
  if (!rows.length || rows.some((r) => typeof r.line !== 'number')) return undefined;
  return rows.map((r) => ({ line: r.line!, column: r.column ?? null, message: r.message ?? '' }));
}

export function RecipientImport({ areas, onImported }: { areas: AreaChoice[]; onImported: () => void }) {
  const { t } = useTranslation('enrolment');
  const { session } = useSession();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult>();
  const [error, setError] = useState<unknown>();
  const [missingFile, setMissingFile] = useState(false);
  const example = useMemo(() => exampleCsv(areas), [areas]);
  const exampleHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(example)}`, [example]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      fileInput.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const outcome = await uploadRecipients(file, mode, session?.csrfToken ?? '');
      setResult(outcome);
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const refused = refusedRows(error);
  return (
    <section aria-labelledby="import-title" className="enrolment-section">
      <h2 id="import-title">{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <details className="format">
        <summary>{t('import.formatTitle')}</summary>
        <div className="table-scroll narrow" tabIndex={0} role="region" aria-label={t('import.formatTitle')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.required')}</th>
                <th scope="col">{t('import.meaning')}</th>
              </tr>
            </thead>
            <tbody>
              {COLUMNS.map((column) => (
                <tr key={column}>
                  <td>
                    <code>{column}</code>
                  </td>
                  <td>{['external_ref', 'channel', 'address', 'area'].includes(column) ? t('import.yes') : t('import.no')}</td>
                  <td>{t(`import.columns.${column}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t('import.exampleTitle')}</h3>
        <pre className="example" tabIndex={0} aria-label={t('import.exampleTitle')}>
          {example}
        </pre>
        <a href={exampleHref} download="recipients-example.csv" className="button secondary">
          {t('import.downloadExample')}
        </a>
      </details>

      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <div>
          <label htmlFor="csv-file">{t('import.file')}</label>
          <p id="csv-file-hint" className="muted hint">
            {t('import.fileHint')}
          </p>
          <input
            id="csv-file"
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            {...problemAria(missingFile, 'csv-file-error', 'csv-file-hint')}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissingFile(false);
            }}
          />
          <FieldError id="csv-file-error" message={missingFile ? t('import.chooseFile') : undefined} />
        </div>
        <fieldset>
          <legend>{t('import.mode')}</legend>
          <label className="choice">
            <input
              type="radio"
              name="mode"
              value="all-or-nothing"
              checked={mode === 'all-or-nothing'}
              onChange={() => setMode('all-or-nothing')}
            />
            <span>
              {t('import.allOrNothing')}
              <span className="muted block">{t('import.allOrNothingHint')}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="mode" value="good-rows" checked={mode === 'good-rows'} onChange={() => setMode('good-rows')} />
            <span>
              {t('import.goodRows')}
              <span className="muted block">{t('import.goodRowsHint')}</span>
            </span>
          </label>
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? t('import.uploading') : t('import.upload')}
        </button>
      </form>

      <div aria-live="polite">
        {refused ? (
          <div role="alert" className="problem">
            <strong>{t('import.refusedTitle')}</strong>
            <p>{(error as ApiError).problem.detail}</p>
          </div>
        ) : (
          <ErrorMessage error={error} />
        )}
        {refused ? <RowErrors errors={refused} caption={t('import.errorsCaption', { count: refused.length })} /> : null}
        {result ? (
          <div className="notice" role="status">
            <strong>{t('import.done')}</strong>
            <p>
              {t('import.counts', {
                imported: result.imported,
                updated: result.updated,
                unchanged: result.unchanged,
                rejected: result.rejected,
              })}
            </p>
          </div>
        ) : null}
        {result && result.errors.length > 0 ? (
          <RowErrors errors={result.errors} caption={t('import.rejectedCaption', { count: result.rejected })} />
        ) : null}
      </div>
      {result && result.webhookSecrets.length > 0 ? (
        <div className="stack">
          {result.webhookSecrets.map((w) => (
            <OnceSecret
              key={w.externalRef}
              label={t('import.webhookSecret', { ref: w.externalRef })}
              value={w.secret}
              onDone={() => setResult({ ...result, webhookSecrets: result.webhookSecrets.filter((s) => s !== w) })}
            />
          ))}
        </div>
      ) : null}
    </section>
  );
}

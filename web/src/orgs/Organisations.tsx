// Organisations and their areas, for the national centre's administrators: create and edit organisations of
// every kind, and import jurisdiction boundaries from GeoJSON as statistics offices publish them, with the
// server's report on every feature. A force's administrator sees the lists only.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { handled } from '../app/events.ts';
import { keys } from '../app/queries.ts';
import { useTranslation } from 'react-i18next';
import {
  ORGANISATION_KIND_VALUES,
  type BoundaryImportResult,
  type JurisdictionSummary,
  type Organisation,
} from '../../../src/orgs/schemas.ts';
import { get, patch, post } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { Field, FormProblem } from '../cases/forms.tsx';
import '../cases/cases.css';

function AreaPicker({
  id,
  describedBy,
  value,
  onChange,
  areas,
}: {
  id: string;
  describedBy: string;
  value: string[];
  onChange: (codes: string[]) => void;
  areas: JurisdictionSummary[];
}) {
  return (
    <select
      id={id}
      aria-describedby={describedBy}
      multiple
      size={Math.min(8, Math.max(3, areas.length))}
      value={value}
      onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}
    >
      {areas.map((a) => (
        <option key={a.code} value={a.code}>
          {a.name} ({a.code})
        </option>
      ))}
    </select>
  );
}

/** Blank parts of a contact are sent as none (null), so clearing a field removes that part. */
function contactToSend(contact: { desk: string; phone: string; email: string }) {
  const part = (value: string) => (value.trim() === '' ? null : value.trim());
  return { desk: part(contact.desk), phone: part(contact.phone), email: part(contact.email) };
}

/** The contact as one line, or undefined when none is given. */
export function contactLine(contact: Organisation['contact']): string | undefined {
  const parts = [contact.desk, contact.phone, contact.email].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function OrganisationForm({
  areas,
  existing,
  onSaved,
}: {
  areas: JurisdictionSummary[];
  existing?: Organisation;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation('orgs');
  const [draft, setDraft] = useState({
    code: existing?.code ?? '',
    name: existing?.name ?? '',
    kind: existing?.kind ?? 'police_force',
    jurisdictionCodes: existing?.jurisdictionCodes ?? [],
    contact: {
      desk: existing?.contact.desk ?? '',
      phone: existing?.contact.phone ?? '',
      email: existing?.contact.email ?? '',
    },
  });
  const [error, setError] = useState<unknown>();
  const prefix = existing ? `edit-${existing.code}` : 'new-org';
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      if (existing)
        await patch(`/organisations/${encodeURIComponent(existing.code)}`, {
          name: draft.name,
          jurisdictionCodes: draft.jurisdictionCodes,
          contact: contactToSend(draft.contact),
        });
      else await post('/organisations', { ...draft, contact: contactToSend(draft.contact) });
      onSaved(draft.name);
      if (!existing) setDraft({ code: '', name: '', kind: draft.kind, jurisdictionCodes: [], contact: { desk: '', phone: '', email: '' } });
    } catch (e) {
      setError(e);
    }
  }
  const labels = {
    '/body/code': t('field.code'),
    '/body/name': t('field.name'),
    '/body/kind': t('field.kind'),
    '/body/jurisdictionCodes': t('field.areas'),
    '/body/contact/desk': t('field.contactDesk'),
    '/body/contact/phone': t('field.contactPhone'),
    '/body/contact/email': t('field.contactEmail'),
  };
  const contactField = (part: 'desk' | 'phone' | 'email', label: string, type: string, autoComplete: string) => (
    <Field label={label} pointer={`/body/contact/${part}`} error={error}>
      {(p) => (
        <input
          {...p}
          type={type}
          value={draft.contact[part]}
          onChange={(e) => setDraft((d) => ({ ...d, contact: { ...d.contact, [part]: e.target.value } }))}
          autoComplete={autoComplete}
        />
      )}
    </Field>
  );
  return (
    <form
      onSubmit={(event) => handled(submit(event))}
      noValidate
      aria-label={existing ? t('edit.title', { name: existing.name }) : undefined}
      aria-labelledby={existing ? undefined : 'new-org-heading'}
    >
      {existing ? null : <h2 id="new-org-heading">{t('add.title')}</h2>}
      <FormProblem error={error} labels={labels} />
      <div className="fields">
        {existing ? null : (
          <Field label={t('field.code')} pointer="/body/code" error={error} hint={t('add.codeHint')}>
            {(p) => (
              <input
                {...p}
                value={draft.code}
                onChange={(e) => setDraft((d) => ({ ...d, code: e.target.value }))}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        )}
        <div className="field">
          <label htmlFor={`${prefix}-name`}>{t('field.name')}</label>
          <input
            id={`${prefix}-name`}
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            autoComplete="off"
          />
        </div>
        {existing ? null : (
          <Field label={t('field.kind')} pointer="/body/kind" error={error}>
            {(p) => (
              <select {...p} value={draft.kind} onChange={(e) => setDraft((d) => ({ ...d, kind: e.target.value }))}>
                {ORGANISATION_KIND_VALUES.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <div className="field">
          <label htmlFor={`${prefix}-areas`}>{t('field.areas')}</label>
          <p className="hint" id={`${prefix}-areas-hint`}>
            {t('add.areasHint')}
          </p>
          <AreaPicker
            id={`${prefix}-areas`}
            describedBy={`${prefix}-areas-hint`}
            value={draft.jurisdictionCodes}
            onChange={(codes) => setDraft((d) => ({ ...d, jurisdictionCodes: codes }))}
            areas={areas}
          />
        </div>
        <fieldset>
          <legend>{t('field.contact')}</legend>
          <p className="hint">{t('add.contactHint')}</p>
          {contactField('desk', t('field.contactDesk'), 'text', 'off')}
          {contactField('phone', t('field.contactPhone'), 'tel', 'off')}
          {contactField('email', t('field.contactEmail'), 'email', 'off')}
        </fieldset>
      </div>
      <div className="actions">
        <button type="submit">{existing ? t('edit.submit') : t('add.submit')}</button>
      </div>
    </form>
  );
}

function BoundaryImport({ countries, onImported }: { countries: JurisdictionSummary[]; onImported: () => void }) {
  const { t } = useTranslation('orgs');
  const [file, setFile] = useState<File>();
  const [options, setOptions] = useState({ codeProperty: '', nameProperty: '', kind: 'force_area', parent: '', skipInvalid: false });
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<{ dryRun: boolean; outcome: BoundaryImportResult }>();
  const [busy, setBusy] = useState(false);

  async function send(dryRun: boolean) {
    setError(undefined);
    setResult(undefined);
    if (!file) {
      setError(new Error(t('import.noFile')));
      return;
    }
    let geojson: unknown;
    try {
      geojson = JSON.parse(await file.text());
    } catch {
      setError(new Error(t('import.notJson')));
      return;
    }
    const query = new URLSearchParams({
      codeProperty: options.codeProperty,
      nameProperty: options.nameProperty,
      kind: options.kind,
      skipInvalid: String(options.skipInvalid),
      dryRun: String(dryRun),
      source: file.name,
    });
    if (options.parent) query.set('parent', options.parent);
    setBusy(true);
    try {
      const outcome = await post<BoundaryImportResult>(`/boundaries/import?${query}`, geojson);
      setResult({ dryRun, outcome });
      if (!dryRun) onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
      noValidate
      aria-labelledby="import-heading"
    >
      <h2 id="import-heading">{t('import.title')}</h2>
      <p>{t('import.intro')}</p>
      <ErrorMessage error={error} />
      <div className="fields">
        <div className="field wide">
          <label htmlFor="boundary-file">{t('import.file')}</label>
          <input
            id="boundary-file"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </div>
        <div className="field">
          <label htmlFor="code-property">{t('import.codeProperty')}</label>
          <p className="hint" id="code-property-hint">
            {t('import.codePropertyHint')}
          </p>
          <input
            id="code-property"
            aria-describedby="code-property-hint"
            value={options.codeProperty}
            onChange={(e) => setOptions((o) => ({ ...o, codeProperty: e.target.value }))}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor="name-property">{t('import.nameProperty')}</label>
          <p className="hint" id="name-property-hint">
            {t('import.namePropertyHint')}
          </p>
          <input
            id="name-property"
            aria-describedby="name-property-hint"
            value={options.nameProperty}
            onChange={(e) => setOptions((o) => ({ ...o, nameProperty: e.target.value }))}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor="boundary-kind">{t('import.kind')}</label>
          <select id="boundary-kind" value={options.kind} onChange={(e) => setOptions((o) => ({ ...o, kind: e.target.value }))}>
            <option value="force_area">{t('area.force_area')}</option>
            <option value="country">{t('area.country')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="boundary-parent">{t('import.parent')}</label>
          <select id="boundary-parent" value={options.parent} onChange={(e) => setOptions((o) => ({ ...o, parent: e.target.value }))}>
            <option value="">{t('import.noParent')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field wide">
          <label>
            <input
              type="checkbox"
              checked={options.skipInvalid}
              onChange={(e) => setOptions((o) => ({ ...o, skipInvalid: e.target.checked }))}
            />{' '}
            {t('import.skipInvalid')}
          </label>
        </div>
      </div>
      <p className="hint">{t('import.replaceNote')}</p>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void send(true)}>
          {t('import.check')}
        </button>
        <button type="submit" disabled={busy}>
          {busy ? t('import.working') : t('import.submit')}
        </button>
      </div>
      {result ? (
        <section aria-labelledby="import-report-heading" className="section">
          <h3 id="import-report-heading">
            {result.dryRun
              ? t('import.checkedTitle')
              : t('import.doneTitle', {
                  created: result.outcome.created,
                  replaced: result.outcome.replaced,
                  skipped: result.outcome.skipped,
                })}
          </h3>
          <ul>
            {result.outcome.features.map((f) => (
              <li key={f.feature}>
                {t('import.feature', { n: f.feature })} {f.code} {f.name}:{' '}
                {f.problems.length ? f.problems.join('; ') : t(`outcome.${f.outcome}`, { km2: f.areaKm2?.toLocaleString() })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </form>
  );
}

export function Organisations() {
  const { t } = useTranslation('orgs');
  const { session } = useSession();
  const national = session?.user.organisation.kind === 'national_centre';
  const queryClient = useQueryClient();
  const organisations = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
  });
  const areas = useQuery({
    queryKey: keys.boundaries,
    queryFn: () => get<{ items: JurisdictionSummary[] }>('/boundaries').then((r) => r.items),
  });
  const reloadAreas = () => void queryClient.invalidateQueries({ queryKey: keys.boundaries });
  const [message, setMessage] = useState('');
  const [editing, setEditing] = useState<string>();
  const areaNames = new Map((areas.data ?? []).map((a) => [a.code, a.name]));
  const saved = (name: string) => {
    setMessage(t('saved', { name }));
    setEditing(undefined);
    void queryClient.invalidateQueries({ queryKey: keys.organisations });
    reloadAreas();
  };

  return (
    <main id="main">
      <PageHeading>{t('title')}</PageHeading>
      <p>{national ? t('intro.national') : t('intro.readOnly')}</p>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>
      <ErrorMessage error={organisations.error ?? areas.error} />
      {national && areas.data ? <OrganisationForm areas={areas.data} onSaved={saved} /> : null}

      <section className="section" aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">{t('list.title')}</h2>
        {organisations.isFetching && !organisations.data ? <Loading /> : null}
        <ul className="user-cards">
          {(organisations.data ?? []).map((o) => (
            <li key={o.code}>
              <h3>{o.name}</h3>
              <p className="answer-current">
                {o.code} · {t(`kind.${o.kind}`)}
              </p>
              <p className="muted">
                {t('field.areas')}:{' '}
                {o.jurisdictionCodes.length ? o.jurisdictionCodes.map((c) => areaNames.get(c) ?? c).join(', ') : t('list.noAreas')}
              </p>
              <p className="muted">
                {t('field.contact')}: {contactLine(o.contact) ?? t('list.noContact')}
              </p>
              {national ? (
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={editing === o.code}
                  onClick={() => setEditing(editing === o.code ? undefined : o.code)}
                >
                  {t('edit.open', { name: o.name })}
                </button>
              ) : null}
              {editing === o.code && areas.data ? <OrganisationForm areas={areas.data} existing={o} onSaved={saved} /> : null}
            </li>
          ))}
        </ul>
      </section>

      {national ? <BoundaryImport countries={(areas.data ?? []).filter((a) => a.kind === 'country')} onImported={reloadAreas} /> : null}

      <section className="section" aria-labelledby="areas-heading">
        <h2 id="areas-heading">{t('areas.title')}</h2>
        {areas.data ? (
          <ScrollingTable label={t('areas.title')}>
            <thead>
              <tr>
                <th scope="col">{t('areas.name')}</th>
                <th scope="col">{t('field.code')}</th>
                <th scope="col">{t('areas.kind')}</th>
                <th scope="col">{t('areas.organisations')}</th>
                <th scope="col">{t('areas.imported')}</th>
                <th scope="col">{t('areas.replaced')}</th>
              </tr>
            </thead>
            <tbody>
              {areas.data.map((a) => (
                <tr key={a.code}>
                  <td>{a.name}</td>
                  <td>{a.code}</td>
                  <td>{t(`area.${a.kind}`)}</td>
                  <td>{a.organisationCodes.join(', ')}</td>
                  <td>
                    <DateTime value={a.importedAt} />
                  </td>
                  <td>{a.replacedAt ? <DateTime value={a.replacedAt} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollingTable>
        ) : (
          <Loading />
        )}
      </section>
    </main>
  );
}

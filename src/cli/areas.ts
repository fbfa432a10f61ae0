// Organisations, jurisdictions and places from the command line: "forgetmenot org ...", "jurisdiction list"
// and "import boundaries|gazetteer".
import fs from 'node:fs';
import { importGazetteer } from '../geo/gazetteer.ts';
import { importBoundaries, JURISDICTION_KINDS, type JurisdictionKind } from '../geo/jurisdictions-store.ts';
import { listJurisdictionSummaries } from '../orgs/store.ts';
import { describeBoundaryCheck } from '../geo/boundaries.ts';
import { createOrganisation, isOrganisationKind, listOrganisations, ORGANISATION_KINDS, updateOrganisation } from '../orgs/store.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { CLI_ACTOR, codeList, missingOptions, withRuntime, type CommandContext } from './command.ts';

/** The contact options given (an empty one clears that part of the contact). */
function contactOptions(values: CommandContext['values']): { desk?: string; phone?: string; email?: string } {
  return {
    ...(values['contact-desk'] !== undefined ? { desk: values['contact-desk'] } : {}),
    ...(values['contact-phone'] !== undefined ? { phone: values['contact-phone'] } : {}),
    ...(values['contact-email'] !== undefined ? { email: values['contact-email'] } : {}),
  };
}

export async function orgAdd({ config, values, out, err }: CommandContext): Promise<number> {
  const missing = missingOptions(values, ['code', 'name', 'kind']);
  if (missing) {
    err(`forgetmenot org add: missing ${missing}`);
    return 2;
  }
  const { code = '', name = '', kind = '' } = values;
  if (!isOrganisationKind(kind)) {
    err(`forgetmenot org add: --kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
    return 2;
  }
  return withRuntime(config, async ({ db }) => {
    const organisation = { code, name, kind, jurisdictionCodes: codeList(values.jurisdictions), contact: contactOptions(values) };
    await createOrganisation(db, organisation, CLI_ACTOR, new Date());
    out(`Created ${code} (${kind}): ${name}.`);
    return 0;
  });
}

export async function orgEdit({ config, values, out, err }: CommandContext): Promise<number> {
  const { code, name, jurisdictions } = values;
  const contact = contactOptions(values);
  if (!code || (name === undefined && jurisdictions === undefined && Object.keys(contact).length === 0)) {
    err('forgetmenot org edit: give --code and at least one of --name, --jurisdictions, --contact-desk, --contact-phone, --contact-email');
    return 2;
  }
  return withRuntime(config, async ({ db }) => {
    const change = {
      ...(name !== undefined ? { name } : {}),
      ...(jurisdictions !== undefined ? { jurisdictionCodes: codeList(jurisdictions) } : {}),
      contact,
    };
    await updateOrganisation(db, code, change, CLI_ACTOR, new Date());
    out(`Updated ${code}.`);
    return 0;
  });
}

export function orgList({ config, out }: CommandContext): Promise<number> {
  return withRuntime(config, async ({ db }) => {
    out(['CODE', 'KIND', 'NAME', 'AREAS', 'CONTACT'].join('\t'));
    for (const o of await listOrganisations(db)) {
      const contact = [o.contact_desk, o.contact_phone, o.contact_email].filter((part) => part !== null).join(', ');
      out([o.code, o.kind, o.name, o.jurisdiction_codes.join(','), contact].join('\t'));
    }
    return 0;
  });
}

export function jurisdictionList({ config, out }: CommandContext): Promise<number> {
  return withRuntime(config, async ({ db }) => {
    out(['CODE', 'KIND', 'COUNTRY', 'ORGANISATIONS', 'NAME', 'IMPORTED', 'REPLACED'].join('\t'));
    for (const j of await listJurisdictionSummaries(db)) {
      out(
        [
          j.code,
          j.kind,
          j.parentCode ?? '',
          j.organisationCodes.join(','),
          j.name,
          formatDateTime(j.importedAt, 'en'),
          j.replacedAt ? formatDateTime(j.replacedAt, 'en') : '',
        ].join('\t'),
      );
    }
    return 0;
  });
}

export async function importBoundariesCommand({ config, values, positionals, out, err }: CommandContext): Promise<number> {
  const file = positionals[0];
  const missing = missingOptions(values, ['code-property', 'name-property']);
  if (!file || missing) {
    err(`forgetmenot import boundaries: give the GeoJSON file${missing ? ` and ${missing}` : ''} (see --help)`);
    return 2;
  }
  const kind = values.kind ?? 'force_area';
  if (!(JURISDICTION_KINDS as readonly string[]).includes(kind)) {
    err(`forgetmenot import boundaries: --kind must be one of ${JURISDICTION_KINDS.join(', ')}`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    err(`forgetmenot import boundaries: cannot read ${file}`);
    return 1;
  }
  const options = {
    codeProperty: String(values['code-property']),
    nameProperty: String(values['name-property']),
    kind: kind as JurisdictionKind,
    parentCode: values.parent ? values.parent : undefined,
    skipInvalid: values['skip-invalid'] === true,
    dryRun: values['dry-run'] === true,
    source: file.split(/[\\/]/).pop(),
  };
  return withRuntime(config, async ({ db }) => {
    const outcome = await importBoundaries(db, text, options, CLI_ACTOR, new Date());
    for (const feature of outcome.features) {
      const line = describeBoundaryCheck(feature);
      (feature.problems.length ? err : out)(
        feature.outcome === 'checked' || feature.outcome === 'refused' ? line : `${line} [${feature.outcome}]`,
      );
    }
    if (outcome.refused) {
      err(`forgetmenot import boundaries: ${outcome.refused}`);
      return 1;
    }
    out(
      options.dryRun
        ? `Checked: ${outcome.features.length - outcome.skipped} would be imported, ${outcome.skipped} left out. Nothing was written (--dry-run).`
        : `Imported: ${outcome.created} new, ${outcome.replaced} replaced, ${outcome.skipped} left out.`,
    );
    return 0;
  });
}

export async function importGazetteerCommand({ config, positionals, out, err }: CommandContext): Promise<number> {
  const file = positionals[0];
  if (!file) {
    err('forgetmenot import gazetteer: give the CSV file');
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  return withRuntime(config, async ({ db }) => {
    const result = await importGazetteer(db, text);
    if (!result.ok) {
      for (const problem of result.errors) err(`line ${problem.line}: ${problem.detail}`);
      return 1;
    }
    out(`Imported ${result.imported} places.`);
    return 0;
  });
}

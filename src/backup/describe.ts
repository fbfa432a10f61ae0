// What the backup commands tell the operator: counts and sizes, never a row's content.
import type { BackupManifest } from './archive.ts';
import type { MoveReport } from './move.ts';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function totalRows(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

export function describeBackup(manifest: BackupManifest): string {
  const database = manifest.engine === 'pglite' ? 'the embedded database' : 'the PostgreSQL database';
  const tables = Object.keys(manifest.rowCounts).length;
  const latest = manifest.migrations.at(-1) ?? 'none';
  return `${database} (${totalRows(manifest.rowCounts)} rows in ${tables} tables, migrations up to ${latest}, taken ${manifest.createdAt}) and ${manifest.media.files} photos (${megabytes(manifest.media.bytes)})`;
}

export function describeMove(report: MoveReport, mediaLeftIn: string): string[] {
  return [
    `Copied ${totalRows(report.rowCounts)} rows in ${Object.keys(report.rowCounts).length} tables and set ${report.sequences} sequences; every table's row count matches.`,
    `Audit log verified in PostgreSQL: ${report.audit.entries} entries. Head: ${report.audit.headHash ?? '(empty)'}`,
    report.media
      ? `Copied ${report.media.files} photos (${megabytes(report.media.bytes)}) to ${report.media.to}.`
      : `Photos stay in ${mediaLeftIn}, where the server finds them with the same DATA_DIR.`,
    'Next: set DATABASE_URL to the PostgreSQL database and start "forgetmenot serve". The embedded database was left as it was.',
  ];
}

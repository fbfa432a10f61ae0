// A profile as CSV, for a spreadsheet: the table of src/profiles/tables.ts, then its notes below it. A cell that
// a spreadsheet would read as a formula is prefixed with an apostrophe.
import type { ProfileTable, TableCell } from './tables.ts';

function cell(value: TableCell): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: TableCell[]) => cells.map(cell).join(',');

export function tableCsv(table: ProfileTable): string {
  return [line(table.header), ...table.rows.map(line), '', ...table.notes.map(line)].join('\r\n');
}

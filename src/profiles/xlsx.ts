// A profile as a spreadsheet (Office Open XML, through exceljs): the same table as the CSV with figures as
// numbers, withheld ones as the text [c], the notes on the same sheet below it, and nothing about who asked.
import type { ProfileTable, TableCell } from './tables.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function tableXlsx(table: ProfileTable, created: Date): Promise<Buffer> {
  // Loaded when a spreadsheet is first asked for: exceljs is about half the modules the server would otherwise load
  // at start-up, for one rarely used download.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Forget-me-not';
  workbook.created = created;
  workbook.modified = created;
  const sheet = workbook.addWorksheet('Profile', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([table.title]).font = { bold: true, size: 13 };
  sheet.addRow(table.header).font = { bold: true };
  let previous: TableCell[] = table.header;
  for (const row of table.rows) {
    const added = sheet.addRow(row);
    // Totals, and the heading of a second table below a blank row, stand out.
    if (row[0] === 'total' || previous.length === 0) added.font = { bold: true };
    previous = row;
    // Text cells (codes, labels, "[c]") stay text: "2026-01" must not turn into a date.
    added.eachCell((cell, column) => {
      if (typeof row[column - 1] === 'string') cell.numFmt = '@';
      else cell.numFmt = '#,##0';
    });
  }
  sheet.addRow([]);
  for (const [name, value] of table.notes) sheet.addRow([name, value]);
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 24 : 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

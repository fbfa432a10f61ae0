// Shared by the profile tests: reading back a downloaded spreadsheet.
import ExcelJS from 'exceljs';

/** A downloaded spreadsheet's first sheet, read back as values row by row. */
export async function sheetRows(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its input as an ArrayBuffer: a copy of exactly these bytes.
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

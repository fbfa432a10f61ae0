// The heavy geometry of alert areas, as tasks a worker thread runs: checking an area (its self-crossing
// check is quadratic in a polygon's vertices) and filling it with cells (linear in cells, which a large
// area has by the hundred thousand). Plain data in, plain data out, so they cross a thread boundary.
import { validateAlertArea, type AlertAreaPart, type AreaProblem } from './alert-area.ts';
import { cellRanges, cellsForArea, type CellRange } from './cells.ts';
import { checkBoundaryFile, type BoundaryFileCheck, type BoundaryOptions } from './boundaries.ts';

export type GeometryTask =
  | { kind: 'validate'; parts: unknown }
  | { kind: 'cells'; parts: AlertAreaPart[]; maxCells: number }
  | { kind: 'ranges'; parts: AlertAreaPart[]; maxCells: number }
  | { kind: 'boundaries'; text: string | object; options: BoundaryOptions };

export interface GeometryResults {
  validate: AreaProblem[];
  cells: string[];
  ranges: CellRange[];
  boundaries: BoundaryFileCheck;
}

export function runGeometryTask(task: GeometryTask): GeometryResults[GeometryTask['kind']] {
  switch (task.kind) {
    case 'validate':
      return validateAlertArea(task.parts);
    case 'cells':
      return cellsForArea(task.parts, undefined, task.maxCells).cells;
    case 'ranges':
      return cellRanges(cellsForArea(task.parts, undefined, task.maxCells).cells);
    case 'boundaries':
      return checkBoundaryFile(task.text, task.options);
  }
}

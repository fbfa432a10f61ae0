// A geometry worker thread: runs one task at a time for the pool in geometry-pool.ts.
import { parentPort } from 'node:worker_threads';
import { runGeometryTask, type GeometryTask } from './geometry-tasks.ts';
import { TooManyCellsError } from './polygon-cells.ts';

parentPort!.on('message', (task: GeometryTask) => {
  try {
    parentPort!.postMessage({ ok: true, result: runGeometryTask(task) });
  } catch (error) {
    const tooMany = error instanceof TooManyCellsError ? error.maxCells : undefined;
    parentPort!.postMessage({ ok: false, name: (error as Error).name, message: (error as Error).message, tooMany });
  }
});

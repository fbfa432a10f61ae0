// Entry of a geometry worker thread. A worker does not inherit the main thread's TypeScript loader
// (whether it came from `node --import tsx` or from bin/forgetmenot.js), so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./geometry-worker.ts');

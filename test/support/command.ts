// The forgetmenot command, as the tests that run it as an operator would. `npm test` compiles the program first
// when a selected test file imports this module (test/run.mjs), so the command runs dist/ as production does;
// a test file run alone after a change to the sources runs them through tsx instead (bin/forgetmenot.js).
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const FORGETMENOT = path.join(PROJECT_ROOT, 'bin', 'forgetmenot.js');

// What the benchmarks share: starting a child process and reading what it prints.
import type { ChildProcess } from 'node:child_process';

/** Resolves with the first match of `pattern` in the child's combined output; rejects if it exits first. */
export function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

// Checks XML with libxml2's xmllint (Debian package libxml2-utils), an independent validator, so
// that our documents are judged by something other than the code that wrote them.
// A missing xmllint is an error, never a skip: a test must not pass without having checked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The OASIS CAP 1.2 schema, in the shared/ checkout that sits beside the repository. */
export const CAP_XSD = path.resolve(REPO_ROOT, '../shared/standards/cap/CAP-v1.2.xsd');

export interface XmllintResult {
  valid: boolean;
  /** xmllint's messages when the document is not valid; empty when it is. */
  errors: string;
}

function runXmllint(args: string[], xml: string): XmllintResult {
  const run = spawnSync('xmllint', [...args, '-'], { input: xml, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'xmllint is not installed; install it (Debian: apt-get install -y libxml2-utils) to run the XML tests'
        : `xmllint could not run: ${run.error.message}`,
    );
  }
  const valid = run.status === 0;
  return { valid, errors: valid ? '' : run.stderr.trim() || `xmllint exited with ${run.status ?? run.signal}` };
}

/** Validates a document against an XML Schema (XSD). */
export function validateAgainstXsd(xml: string, xsdPath: string): XmllintResult {
  if (!fs.existsSync(xsdPath)) throw new Error(`XML schema not found: ${xsdPath}`);
  return runXmllint(['--noout', '--nonet', '--schema', xsdPath], xml);
}

/** Checks only that a document is well-formed XML. */
export function checkWellFormed(xml: string): XmllintResult {
  return runXmllint(['--noout', '--nonet'], xml);
}

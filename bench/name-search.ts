// Name matching in memory: how many candidate names a second scoreNameMatch gets through, and how long
// ranking one query against 100,000 prepared names takes. The names are the test fixtures' variants and
// distractors paired at random (a fixed seed), so every run scores the same names.
// Run: node --import tsx bench/name-search.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { prepareName, type PreparedName } from '../src/register/names/prepared.ts';
import { scoreNameMatch } from '../src/register/names/score.ts';

const CANDIDATES = Number(process.env.CANDIDATES ?? 100_000);
const QUERIES = Number(process.env.QUERIES ?? 40);

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = mulberry32(20_261_207);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const fixtures = new URL('../test/fixtures/names/', import.meta.url);
const variants = JSON.parse(readFileSync(new URL('variants.json', fixtures), 'utf8')) as { groups: { variants: string[] }[] };
const distractors = JSON.parse(readFileSync(new URL('distractors.json', fixtures), 'utf8')) as { given: string[]; family: string[] };
const singles = variants.groups.flatMap((group) => group.variants).filter((name) => !name.includes(' '));
const given = [...singles, ...distractors.given];

const names = Array.from({ length: CANDIDATES }, () => `${pick(given)} ${pick(distractors.family)}`);
let started = performance.now();
const prepared: PreparedName[] = names.map((name) => prepareName(name));
const prepareSeconds = (performance.now() - started) / 1000;

const queries = Array.from({ length: QUERIES }, () => `${pick(given)} ${pick(distractors.family)}`);
const timings: number[] = [];
let scored = 0;
const cpuBefore = process.cpuUsage();
for (const query of queries) {
  started = performance.now();
  const q = prepareName(query);
  let best = 0;
  for (const candidate of prepared) best = Math.max(best, scoreNameMatch(q, candidate).score);
  timings.push(performance.now() - started);
  scored += prepared.length;
}
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
timings.sort((a, b) => a - b);
const total = timings.reduce((sum, ms) => sum + ms, 0) / 1000;
console.log(`prepared ${CANDIDATES.toLocaleString('en-GB')} names in ${prepareSeconds.toFixed(1)} s (${Math.round(CANDIDATES / prepareSeconds).toLocaleString('en-GB')} a second)`);
console.log(`scored ${scored.toLocaleString('en-GB')} pairs in ${total.toFixed(1)} s: ${Math.round(scored / total).toLocaleString('en-GB')} a second`);
// On a shared machine the wall clock includes waiting for a processor; CPU time is what scoring costs.
console.log(`CPU time ${cpuSeconds.toFixed(1)} s: ${Math.round(scored / cpuSeconds).toLocaleString('en-GB')} pairs a CPU second; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} processors`);
console.log(`one query against ${CANDIDATES.toLocaleString('en-GB')} prepared names: median ${timings[Math.floor(QUERIES / 2)]!.toFixed(0)} ms, p95 ${timings[Math.floor(QUERIES * 0.95)]!.toFixed(0)} ms`);

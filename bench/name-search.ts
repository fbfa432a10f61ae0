// Name matching in memory: how many candidate names a CPU second scores, and how long ranking one query
// against 100,000 prepared names takes, scoring each pair afresh and with words matched once per query. The names are the test fixtures' variants and
// distractors paired at random (a fixed seed), so every run scores the same names.
// Run: node --import tsx bench/name-search.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { prepareName, type PreparedName } from '../src/register/names/prepared.ts';
import { nameMatcher, scoreNameMatch } from '../src/register/names/score.ts';

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
const started = performance.now();
const prepared: PreparedName[] = names.map((name) => prepareName(name));
const prepareSeconds = (performance.now() - started) / 1000;

const queries = Array.from({ length: QUERIES }, () => `${pick(given)} ${pick(distractors.family)}`);

interface Run {
  wallMs: number[];
  cpuSeconds: number;
}

/** Ranks every prepared name against each query with one way of scoring; wall time per query, CPU in all. */
function run(score: (query: PreparedName) => (candidate: PreparedName) => number): Run {
  const wallMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (const query of queries) {
    const begun = performance.now();
    const scoreOne = score(prepareName(query));
    let best = 0;
    for (const candidate of prepared) best = Math.max(best, scoreOne(candidate));
    wallMs.push(performance.now() - begun);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs: wallMs.sort((a, b) => a - b), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function report(label: string, { wallMs, cpuSeconds }: Run): void {
  const pairs = QUERIES * CANDIDATES;
  // On a shared machine the wall clock includes waiting for a processor; CPU time is what scoring costs.
  console.log(
    `${label}: ${Math.round(pairs / cpuSeconds).toLocaleString('en-GB')} names a CPU second; one query against ${CANDIDATES.toLocaleString('en-GB')} names ` +
      `${((cpuSeconds / QUERIES) * 1000).toFixed(0)} ms of CPU (wall median ${wallMs[Math.floor(QUERIES / 2)]!.toFixed(0)} ms, p95 ${wallMs[Math.floor(QUERIES * 0.95)]!.toFixed(0)} ms)`,
  );
}

console.log(
  `prepared ${CANDIDATES.toLocaleString('en-GB')} names in ${prepareSeconds.toFixed(1)} s; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} processors`,
);
report(
  'scoreNameMatch, each pair afresh',
  run((query) => (candidate) => scoreNameMatch(query, candidate).score),
);
report(
  'nameMatcher, words matched once per query',
  run((query) => {
    const matcher = nameMatcher(query);
    return (candidate) => matcher.score(candidate);
  }),
);

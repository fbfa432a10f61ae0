// Benchmark: PFIF synchronisation between two instances over HTTP on loopback. Instance A's feeds hold N person
// records (default 100,000); instance B, a partner of A, pulls them from nothing, then pulls again after 100
// records change at A. Also times one feed page at the start of the feed and one at its end (keyset paging:
// the same cost however far in). Run on PostgreSQL (TEST_DATABASE_URL) or PGlite (BENCH_ENGINE=pglite):
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/pfif-sync.ts [records=100000]
import type { AddressInfo } from 'node:net';
import { TEST_ENGINES } from '../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../test/support/app.ts';
import { pullAllPartners } from '../src/exchange/pull.ts';

const records = Number(process.argv[2] ?? 100_000);
const engine = TEST_ENGINES.find((e) => e.name === (process.env.BENCH_ENGINE ?? 'postgres'))!;
if (engine.skip) throw new Error(String(engine.skip));

async function addPartner(world: TestWorld, body: Record<string, unknown>): Promise<string> {
  const created = await asToken(world, 'national/national_coordinator')('POST', '/api/v1/exchange/partners', body);
  if (created.statusCode !== 201) throw new Error(created.body);
  return (JSON.parse(created.body) as { key: string }).key;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const a = await startTestWorld(engine, { config: { publicUrl: 'https://a.example' } });
const b = await startTestWorld(engine, { config: { publicUrl: 'https://b.example' } });
try {
  // Records as an appeal writes them (src/appeals/pfif-record.ts), made in bulk.
  await a.db.query(
    `INSERT INTO pfif_outbound (record_id, kind, person_record_id, entry_date, entry_seq, source_date, expiry_date, fields)
     SELECT 'a.example/person.' || n, 'person', 'a.example/person.' || n, now() - interval '1 hour' + n * interval '1 ms', nextval('pfif_outbound_seq'),
            now() - interval '1 hour', NULL,
            jsonb_build_object('full_name', 'Child ' || n || ' Testcase', 'sex', 'female', 'age', (n % 17)::text, 'home_country', 'GB',
                               'description', 'Missing since 2025-0' || (1 + n % 9) || '. Last seen near a station; may be in a city centre.')
       FROM generate_series(1, $1::int) AS n`,
    [records],
  );
  await a.db.query('ANALYZE pfif_outbound');
  await a.app.listen({ host: '127.0.0.1', port: 0 });
  const feedUrl = `http://127.0.0.1:${(a.app.server.address() as AddressInfo).port}/pfif/1.4`;
  const key = await addPartner(a, { code: 'site-b', name: 'B', personFields: ['description', 'sex', 'age', 'home_country'] });
  await addPartner(b, { code: 'site-a', name: 'A', personFields: [], feedUrl, feedKey: key, recordDomain: 'a.example' });

  // One page at the start of the feed and one from a cursor at its end, each the median of 20.
  const pageTime = async (query: string) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [, ms] = await timed(() =>
        fetch(`${feedUrl}/persons?max_results=500${query}`, { headers: { 'x-partner-key': key } }).then((r) => r.text()),
      );
      times.push(ms);
    }
    return times.sort((x, y) => x - y)[10]!;
  };
  const first = await pageTime('');
  const { rows } = await a.db.query<{ entry_date: Date; entry_seq: string }>(
    'SELECT entry_date, entry_seq::text AS entry_seq FROM pfif_outbound ORDER BY entry_date DESC, entry_seq DESC OFFSET 500 LIMIT 1',
  );
  const deepCursor = Buffer.from(`${rows[0]!.entry_date.toISOString()}|${rows[0]!.entry_seq}`).toString('base64url');
  const deep = await pageTime(`&cursor=${deepCursor}`);

  const [full, fullMs] = await timed(() => pullAllPartners(b.deps, (_p, error) => console.error(error)));
  const { rows: changed } = await a.db.query(
    `UPDATE pfif_outbound SET entry_date = now(), entry_seq = nextval('pfif_outbound_seq'), fields = fields || '{"age": "9"}'::jsonb
      WHERE record_id IN (SELECT record_id FROM pfif_outbound ORDER BY random() LIMIT 100) RETURNING record_id`,
  );
  const [incremental, incrementalMs] = await timed(() => pullAllPartners(b.deps, (_p, error) => console.error(error)));
  console.log(`engine: ${engine.name}; records: ${records}`);
  console.log(`feed page of 500: first ${first.toFixed(1)} ms, at the end ${deep.toFixed(1)} ms (median of 20)`);
  console.log(`full sync: ${full[0]?.accepted} records in ${(fullMs / 1000).toFixed(1)} s (${full[0]?.pages} pages)`);
  console.log(`incremental sync: ${incremental[0]?.accepted} of ${changed.length} changed records in ${incrementalMs.toFixed(0)} ms`);
} finally {
  await a.close();
  await b.close();
}

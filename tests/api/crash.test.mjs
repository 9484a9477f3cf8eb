// crash.test.mjs — nothing lost, nothing half-written: duikou serve is killed with SIGKILL at
// random moments while 8 clients report progress and an import of 200 rows is under way; after
// each kill a new server starts on the same database and the test checks that the database is
// sound (SQLite's integrity check), that every write acknowledged before the kill is there with
// its audit row, that no item shows a percent other than its latest update's, that the import
// is wholly in or wholly out (and in when it was acknowledged), and that the audit chain
// verifies. DUIKOU_CRASH_ROUNDS sets the number of kill points (20 by default; run hundreds by
// hand, see docs/operations.md).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { duikouBin, startServer } from './harness.mjs';

const ROUNDS = Number(process.env.DUIKOU_CRASH_ROUNDS || 20);
let owner;
let items;
let leadUnit;

function sql(statement) {
  const pg = owner.dbPath.startsWith('postgres');
  const [cmd, args] = pg ? ['psql', [owner.dbPath, '-X', '-q', '-t', '-A', '-c', statement]] : ['sqlite3', [owner.dbPath, statement]];
  return new Promise((resolve, reject) => execFile(cmd, args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout.trim()))));
}

function duikou(args) {
  return new Promise((resolve) => execFile(duikouBin(), args, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));
}

before(async () => {
  owner = await startServer({ demo: true, name: 'crash' });
  const wp = (await owner.get('/api/v1/work-plans?pairing=bj-sy&year=2019')).json.items[0];
  items = (await owner.get(`/api/v1/work-items?work_plan_id=${wp.id}`)).json.items;
  leadUnit = items[0].lead_unit;
  const plan = await owner.post('/api/v1/work-plans', { pairing: 'bj-sy', year: 2026, title: '崩溃测试计划' });
  assert.equal(plan.status, 201, plan.text);
});
after(async () => { await owner?.stop(); });

function importCsv(round) {
  const rows = Array.from({ length: 200 }, (_, n) => `CR${round}-${n},2026,bj-sy,产业合作,崩溃测试事项${round}-${n},${leadUnit},2026-12-31`);
  return ['崩溃测试', '事项编号,计划年度,对口合作关系,领域,事项名称,牵头单位,完成时限', ...rows].join('\r\n');
}

test(`${ROUNDS} kills during writes and an import lose nothing acknowledged and half-write nothing`, async (t) => {
  const acked = [];
  const outcomes = { in: 0, out: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const srv = await startServer({ attach: owner, name: `crash-${round}` });
    let running = true;
    const writers = Array.from({ length: 8 }, async (_, k) => {
      for (let i = 0; running; i++) {
        const note = `crash r${round} w${k}-${i}`;
        const it = items[(k + i) % items.length];
        try {
          const r = await srv.post(`/api/v1/work-items/${it.id}/updates`, { percent: (round * 7 + i + k) % 100, note, update_date: '2019-06-01' });
          if (r.status === 201) acked.push(note);
          else if (r.status !== 503) assert.fail(`${note}: ${r.status} ${r.text}`);
        } catch { return; } // the connection died with the server
      }
    });
    const form = new FormData();
    form.append('file', new Blob([importCsv(round)]), `crash-${round}.csv`);
    form.append('kind', 'items');
    let importAcked = false;
    const upload = fetch(`${srv.base}/api/v1/imports`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${owner.token}` } })
      .then(async (r) => { await r.text(); importAcked = r.status === 201; })
      .catch(() => {});
    // most kills land within the first half second, every third one later, when imports finish
    const wait = round % 3 === 2 ? 1500 + Math.floor(Math.random() * 3000) : 100 + Math.floor(Math.random() * 500);
    await new Promise((r) => setTimeout(r, wait));
    await srv.kill();
    running = false;
    await Promise.all([...writers, upload]);

    const imported = Number(await sql(`SELECT COUNT(*) FROM work_items WHERE code LIKE 'CR${round}-%'`));
    assert.ok(imported === 0 || imported === 200, `round ${round}: the import is wholly in or out, found ${imported} rows`);
    if (importAcked) assert.equal(imported, 200, `round ${round}: an acknowledged import is in`);
    outcomes[imported ? 'in' : 'out'] += 1;
  }
  if (!owner.dbPath.startsWith('postgres')) assert.equal(await sql('PRAGMA integrity_check'), 'ok');
  const present = new Set((await sql("SELECT note FROM work_item_updates WHERE note LIKE 'crash r%'")).split('\n').filter(Boolean));
  const lost = acked.filter((n) => !present.has(n));
  assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged writes lost`);
  assert.ok(acked.length > ROUNDS, `writes happened (${acked.length})`);
  t.diagnostic(`${acked.length} acknowledged writes, imports wholly in ${outcomes.in} and wholly out ${outcomes.out} times`);
  const unaudited = await sql("SELECT COUNT(*) FROM work_item_updates u WHERE u.note LIKE 'crash r%' AND NOT EXISTS "
    + "(SELECT 1 FROM audit_log a WHERE a.action = 'work_item.progress' AND a.entity_id = u.item_id AND a.detail LIKE '%' || u.note || '%')");
  assert.equal(unaudited, '0', 'every update has its audit row (written in one transaction)');
  const torn = await sql('SELECT COUNT(*) FROM work_items w WHERE EXISTS (SELECT 1 FROM work_item_updates u WHERE u.item_id = w.id) AND w.percent <> '
    + '(SELECT percent FROM work_item_updates u WHERE u.item_id = w.id ORDER BY update_date DESC, id DESC LIMIT 1)');
  assert.equal(torn, '0', 'no item shows a percent other than its latest update');
  const verify = await duikou(['audit', 'verify', '--db', owner.dbPath]);
  assert.equal(verify.code, 0, verify.stderr);
});

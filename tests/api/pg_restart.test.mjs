// pg_restart.test.mjs (api.pg.restart) — the PostgreSQL server restarted and stopped under a
// running duikou serve. Writers and readers run while the server restarts (pg_ctl restart -m
// fast): what is in flight fails with 503, never 500, never a hang past the request timeout,
// and afterwards every pooled connection answers again by itself — also after a restart while
// duikou sat idle, and after the server was down when requests came (503 db_unavailable).
// Every write acknowledged with 2xx is in the database and the audit chain verifies.
// The test runs its own PostgreSQL server (tests/pg/start): restarting the one the other
// api.pg.* tests share would break them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { assertError, assertStatus, duikouBin, pgServer, startServer, tempDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const skip = pgServer() ? undefined : 'PostgreSQL only (api.pg.restart)';
const THREADS = 4;

function sh(cmd, args) {
  return new Promise((resolve) => execFile(cmd, args, { maxBuffer: 16 << 20, timeout: 120_000 },
    (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: stdout.trim(), stderr })));
}

async function must(cmd, args) {
  const r = await sh(cmd, args);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let out; // tests/pg/start's output directory for this file's own server
let pg; // { url, dir, port, bindir }
let srv;
let items;

/** pg_ctl on this file's server, as the postgres user when we are root (as tests/pg/start runs
 * it). Its output, and the server's it starts, go to a file: a server holding our pipe open
 * would keep execFile waiting. */
async function pgCtl(...args) {
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const ctl = [path.join(pg.bindir, 'pg_ctl'), '-D', path.join(pg.dir, 'data'), ...args].map(q).join(' ');
  const line = `exec ${ctl} >>${q(path.join(pg.dir, 'server.log'))} 2>&1`;
  return process.getuid?.() === 0 ? must('runuser', ['-u', 'postgres', '--', 'sh', '-c', line]) : must('sh', ['-c', line]);
}
const pgStop = () => pgCtl('-m', 'fast', '-w', 'stop');
const pgStart = () => pgCtl('-w', '-t', '60', '-l', path.join(pg.dir, 'server.log'), 'start', '-o',
  `-p ${pg.port} -k ${pg.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`);
const pgRestart = () => pgCtl('-m', 'fast', '-w', '-t', '60', 'restart');

function psql(statement) {
  return must('psql', [srv.dbPath, '-X', '-q', '-t', '-A', '-c', statement]);
}

before(async () => {
  if (skip) return;
  out = tempDir('duikou-pgrestart-');
  await must(path.join(here, '..', 'pg', 'start'), [out]);
  const url = fs.readFileSync(path.join(out, 'pg.url'), 'utf8').trim();
  const dir = fs.readFileSync(path.join(out, 'pg.dir'), 'utf8').trim();
  let bindir = (await sh('pg_config', ['--bindir'])).stdout;
  if (!fs.existsSync(path.join(bindir, 'pg_ctl'))) {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
    bindir = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  }
  pg = { url, dir, port: new URL(url).port, bindir };
  process.env.DUIKOU_TEST_PG_URL_FILE = path.join(out, 'pg.url'); // the harness creates the database there
  srv = await startServer({ demo: true, name: 'pgrestart', threads: THREADS });
  const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2019')).json.items[0];
  items = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}`)).json.items;
  assert.ok(items.length >= THREADS, 'the demo 2019 plan has items');
});

after(async () => {
  if (skip) return;
  try {
    await srv?.stop(); // asserts a clean exit: no crash, no sanitizer report
  } finally {
    if (out) {
      await sh(path.join(here, '..', 'pg', 'stop'), [out]);
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
});

const acked = [];
let seq = 0;

/** A progress update; 201 is remembered as acknowledged. */
async function write(k) {
  const note = `pgrestart ${++seq}`;
  const it = items[k % items.length];
  const r = await srv.post(`/api/v1/work-items/${it.id}/updates`, { percent: seq % 100, note, update_date: '2019-06-01' });
  if (r.status === 201) acked.push(note);
  return r;
}

const READS = ['/api/v1/projects?limit=20', '/api/v1/reports/summary?pairing=bj-sy&year=2017',
  `/api/v1/search?q=${encodeURIComponent('沈阳')}`, '/api/v1/work-plans?pairing=bj-sy&year=2019'];

/** Asserts r is a success or a 503 from the database, never anything else. */
function cleanOutcome(r, okStatus, what, tally) {
  if (r.status === okStatus) {
    tally.ok += 1;
    return;
  }
  assertError(r, 503, ['db_unavailable', 'db_retry'], undefined);
  tally.unavailable += 1;
  assert.ok(r.json.error.message.length > 0, `${what}: 503 with a message`);
}

/** THREADS×2 reads and as many writes at once: every pooled connection is used, each must succeed. */
async function everyConnectionAnswers(what) {
  const rs = await Promise.all([
    ...Array.from({ length: THREADS * 2 }, (_, k) => srv.get(READS[k % READS.length])),
    ...Array.from({ length: THREADS * 2 }, (_, k) => write(k)),
  ]);
  rs.forEach((r, k) => assertStatus(r, k < THREADS * 2 ? 200 : 201, `${what}: request ${k}`));
}

test('restarted under load: requests in flight fail with 503, then every connection answers again', { skip }, async (t) => {
  const tally = { ok: 0, unavailable: 0 };
  let running = true;
  let restarted = false;
  let okAfter = 0;
  let restartedAt = 0;
  let firstOk = 0;
  const writers = Array.from({ length: 6 }, async (_, k) => {
    while (running) {
      const r = await write(k);
      cleanOutcome(r, 201, 'progress update', tally);
      if (restarted && r.status === 201 && !okAfter++) firstOk = Date.now();
    }
  });
  const readers = Array.from({ length: 3 }, async (_, k) => {
    for (let i = 0; running; i++) cleanOutcome(await srv.get(READS[(k + i) % READS.length]), 200, 'read', tally);
  });
  const load = Promise.all([...writers, ...readers]).finally(() => { running = false; });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    await pgRestart();
    restarted = true;
    restartedAt = Date.now();
    // the load goes on until writes have succeeded again (bounded: the requests time out at 60 s)
    const deadline = Date.now() + 60_000;
    while (okAfter < 6 && Date.now() < deadline && running) await new Promise((r) => setTimeout(r, 100));
  } finally {
    running = false;
    await load;
  }
  assert.ok(okAfter >= 6, `writes succeed again after the restart by themselves (${okAfter})`);
  t.diagnostic(`${tally.ok} requests answered, ${tally.unavailable} answered 503 during the restart; `
    + `the first write after it was acknowledged ${firstOk - restartedAt} ms after pg_ctl restart returned`);
  await everyConnectionAnswers('after the restart under load');
  assert.match(srv.stderr(), /reconnected to PostgreSQL/);
});

test('restarted while duikou is idle: the next requests on every connection succeed', { skip }, async () => {
  await everyConnectionAnswers('before');
  await pgRestart();
  await everyConnectionAnswers('after an idle restart');
});

test('down when requests arrive: 503 db_unavailable, then answers again once it is back', { skip }, async () => {
  await pgStop();
  try {
    const read = await srv.get('/api/v1/projects?limit=1');
    const e = assertError(read, 503, 'db_unavailable');
    assert.match(e.message, /无法连接|连接中断/);
    assertError(await write(0), 503, 'db_unavailable');
    assert.equal((await srv.get('/healthz')).status, 503);
    await everyConnectionRefuses();
  } finally {
    await pgStart();
  }
  await everyConnectionAnswers('after the server came back');
  const h = await srv.get('/healthz');
  assertStatus(h, 200);
});

/** While the server is down, requests on every connection answer 503 (none hangs, none 500s). */
async function everyConnectionRefuses() {
  const rs = await Promise.all(Array.from({ length: THREADS * 2 }, (_, k) => (k % 2 ? write(k) : srv.get(READS[k % READS.length]))));
  rs.forEach((r) => assertError(r, 503, 'db_unavailable'));
}

test('nothing acknowledged is lost and the audit chain verifies', { skip }, async () => {
  const present = new Set((await psql("SELECT note FROM work_item_updates WHERE note LIKE 'pgrestart %'")).split('\n').filter(Boolean));
  const lost = acked.filter((n) => !present.has(n));
  assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged writes lost`);
  const unaudited = await psql("SELECT COUNT(*) FROM work_item_updates u WHERE u.note LIKE 'pgrestart %' AND NOT EXISTS "
    + "(SELECT 1 FROM audit_log a WHERE a.action = 'work_item.progress' AND a.entity_id = u.item_id AND a.detail LIKE '%' || u.note || '%')");
  assert.equal(unaudited, '0', 'every update has its audit row');
  const torn = await psql('SELECT COUNT(*) FROM work_items w WHERE EXISTS (SELECT 1 FROM work_item_updates u WHERE u.item_id = w.id) AND w.percent <> '
    + '(SELECT percent FROM work_item_updates u WHERE u.item_id = w.id ORDER BY update_date DESC, id DESC LIMIT 1)');
  assert.equal(torn, '0', 'no item shows a percent other than its latest update');
  const verify = await sh(duikouBin(), ['audit', 'verify', '--db', srv.dbPath]);
  assert.equal(verify.code, 0, `duikou audit verify: ${verify.stdout}\n${verify.stderr}`);
});

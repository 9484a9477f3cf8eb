// faults.test.mjs — the SQLite database's file system fails under a running duikou serve:
//   - a full disk: the database on a small tmpfs filled up with a filler file. Every kind of
//     write (progress reports, a project edit, creates, an import) answers 503 db_full naming
//     the cause, reads go on, nothing is half-written, and writes work again — same server —
//     once the filler is gone;
//   - a file system that turns read-only under the server: ext4 on a loop device with
//     errors=remount-ro, pushed into its emergency read-only state. Writes answer 503
//     db_readonly, reads go on; after fsck and a remount duikou starts again and has lost no
//     acknowledged write (a tmpfs cannot be remounted read-only while duikou holds its files
//     open: the kernel refuses, so this is how a file system really turns read-only);
//   - duikou started on a read-only mount: it serves reads and refuses writes with 503.
// At the end of each: SQLite's integrity check, `duikou audit verify`, and every write
// acknowledged with 2xx present. Mounting needs root (CI runs as root); without it the tests
// say so and skip — tests/unit/test_db_faults.c covers the full-disk transaction with SQLite's
// page limit instead. SQLite only (ctest registers no api.pg.faults).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertError, assertStatus, duikouBin, initDb, newToken, pgServer, projectBody, startServer, tempDir, uniqueCode } from './harness.mjs';

const root = process.getuid?.() === 0;
// (undefined, not null, when the tests run: node 20 reports a test with `skip: null` as skipped)
const skipReason = pgServer() ? 'SQLite only' : !root ? 'mounting a small file system needs root (unit.test_db_faults covers the full disk with a page limit)' : undefined;

function sh(cmd, args) {
  return new Promise((resolve) => execFile(cmd, args, { maxBuffer: 16 << 20, timeout: 120_000 },
    (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: stdout.trim(), stderr })));
}

async function must(cmd, args) {
  const r = await sh(cmd, args);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

const sqlite = (db, statement) => must('sqlite3', [db, statement]);

/** Unmounts dir if it is mounted (lazily when busy, so a failed test never leaves it behind). */
async function unmount(dir) {
  const mounted = (await sh('findmnt', ['-n', dir])).code === 0;
  if (mounted && (await sh('umount', [dir])).code !== 0) await sh('umount', ['-l', dir]);
}

/** Writes a filler file into dir until the file system has no room left; returns its path. */
function fill(dir) {
  const file = path.join(dir, 'filler');
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096]) {
      const buf = Buffer.alloc(size, 0x5a);
      try {
        for (;;) fs.writeSync(fd, buf);
      } catch (e) {
        if (e.code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** Asserts r is a 503 with the code given, its message naming the cause in Chinese and English. */
function refused(r, code, zh, en, what) {
  const e = assertError(r, 503, code);
  assert.ok(e.message.includes(zh) && e.message.includes(en), `${what}: the message names the cause (${zh} / ${en}): ${e.message}`);
}

/** What a test wrote and was told was saved (2xx), and what it was refused. */
function ledger() {
  return { notes: [], refusedNotes: [], codes: [], refusedCodes: [], importCodes: [], refusedImports: [] };
}

/** The fixture every scenario writes into: items that take progress updates, a signed project. */
async function fixture(srv) {
  const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2019')).json.items[0];
  const items = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}`)).json.items;
  assert.ok(items.length >= 3, 'the demo 2019 plan has items');
  const leadUnit = items[0].lead_unit;
  const plan = await srv.post('/api/v1/work-plans', { pairing: 'bj-sy', year: 2026, title: '故障测试计划' });
  assertStatus(plan, 201, 'POST /api/v1/work-plans');
  const p = await srv.post('/api/v1/projects', projectBody({ stage: 'signed', signed_date: '2026-03-15' }));
  assertStatus(p, 201, 'POST /api/v1/projects');
  return { items, leadUnit, project: p.json };
}

function importCsv(prefix, leadUnit, n = 30) {
  const rows = Array.from({ length: n }, (_, k) => `${prefix}-${k},2026,bj-sy,产业合作,故障测试事项${prefix}-${k},${leadUnit},2026-12-31`);
  return ['故障测试', '事项编号,计划年度,对口合作关系,领域,事项名称,牵头单位,完成时限', ...rows].join('\r\n');
}

async function postImport(srv, csv, name) {
  const form = new FormData();
  form.append('file', new Blob([csv]), name);
  form.append('kind', 'items');
  const r = await fetch(`${srv.base}/api/v1/imports`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${srv.token}` }, signal: AbortSignal.timeout(60_000) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, json, text };
}

/**
 * One round of every kind of write. expect: 'ok' (each must succeed) or
 * { code, zh, en } (each must be refused with that 503); month: the progress report's month.
 * Records what was acknowledged and what was refused.
 */
async function writeRound(srv, fx, led, tag, expect, month) {
  const check = (r, okStatus, what) => {
    if (expect === 'ok') assertStatus(r, okStatus, what);
    else refused(r, expect.code, expect.zh, expect.en, what);
    return r.status === okStatus;
  };
  // progress updates on work items, several at once (several pooled connections)
  await Promise.all(fx.items.slice(0, 3).map(async (it, k) => {
    const note = `faults ${tag} ${k}`;
    const r = await srv.post(`/api/v1/work-items/${it.id}/updates`, { percent: 10 + k, note, update_date: '2019-06-01' });
    (check(r, 201, `progress update ${note}`) ? led.notes : led.refusedNotes).push(note);
  }));
  // a monthly progress report (月调度) on the signed project
  check(await srv.post(`/api/v1/projects/${fx.project.id}/progress`, { month, amount: 1000000 }), 201, `progress report ${month}`);
  // a project edit with If-Match
  const cur = await srv.get(`/api/v1/projects/${fx.project.id}`);
  assertStatus(cur, 200, 'GET project');
  const edit = await srv.patch(`/api/v1/projects/${fx.project.id}`, { leader: `负责人 ${tag}` }, { 'If-Match': cur.headers.get('etag') });
  check(edit, 200, 'project edit');
  // creates: a project and a record of another kind (a work plan)
  const code = uniqueCode(`F${tag}`);
  const created = await srv.post('/api/v1/projects', projectBody({ code }));
  (check(created, 201, `project create ${code}`) ? led.codes : led.refusedCodes).push(code);
  // an import of 30 rows, all or nothing
  const prefix = `FI-${tag}`;
  const imp = await postImport(srv, importCsv(prefix, fx.leadUnit), `${prefix}.csv`);
  (check(imp, 201, `import ${prefix}`) ? led.importCodes : led.refusedImports).push(prefix);
}

/** Eight progress updates at once, so that every pooled connection (four) takes some. */
async function burst(srv, fx, led, tag, expect) {
  await Promise.all(Array.from({ length: 8 }, async (_, k) => {
    const note = `faults ${tag} burst ${k}`;
    const r = await srv.post(`/api/v1/work-items/${fx.items[k % fx.items.length].id}/updates`, { percent: 20 + k, note, update_date: '2019-06-01' });
    if (expect === 'ok') assertStatus(r, 201, note);
    else refused(r, expect.code, expect.zh, expect.en, note);
    (r.status === 201 ? led.notes : led.refusedNotes).push(note);
  }));
}

/** Every read the offices use, each answering 200. */
async function readRound(srv, fx) {
  for (const p of ['/api/v1/projects?limit=5', `/api/v1/projects/${fx.project.id}`, `/api/v1/projects/${fx.project.id}/progress`,
    '/api/v1/reports/summary?pairing=bj-sy&year=2017', `/api/v1/search?q=${encodeURIComponent('沈阳')}`, `/api/v1/work-items/${fx.items[0].id}`]) {
    assertStatus(await srv.get(p), 200, `GET ${p}`);
  }
}

async function health(srv) {
  const r = await srv.get('/healthz');
  assertStatus(r, 200, 'GET /healthz');
  return r.json.writes;
}

/** After the server stopped: the database is sound, its audit chain verifies, every acknowledged
 * write is there and no refused one left anything behind. */
async function checkDatabase(db, led, fx) {
  assert.equal(await sqlite(db, 'PRAGMA integrity_check'), 'ok');
  const verify = await sh(duikouBin(), ['audit', 'verify', '--db', db]);
  assert.equal(verify.code, 0, `duikou audit verify: ${verify.stdout}\n${verify.stderr}`);
  const notes = new Set((await sqlite(db, "SELECT note FROM work_item_updates WHERE note LIKE 'faults %'")).split('\n').filter(Boolean));
  assert.deepEqual(led.notes.filter((n) => !notes.has(n)), [], 'every acknowledged progress update is there');
  assert.deepEqual(led.refusedNotes.filter((n) => notes.has(n)), [], 'no refused progress update is there');
  const codes = new Set((await sqlite(db, "SELECT code FROM projects WHERE code LIKE 'F%'")).split('\n').filter(Boolean));
  assert.deepEqual(led.codes.filter((c) => !codes.has(c)), [], 'every acknowledged project is there');
  assert.deepEqual(led.refusedCodes.filter((c) => codes.has(c)), [], 'no refused project is there');
  for (const prefix of led.importCodes) assert.equal(await sqlite(db, `SELECT COUNT(*) FROM work_items WHERE code LIKE '${prefix}-%'`), '30', `import ${prefix} is wholly in`);
  for (const prefix of led.refusedImports) assert.equal(await sqlite(db, `SELECT COUNT(*) FROM work_items WHERE code LIKE '${prefix}-%'`), '0', `refused import ${prefix} left nothing`);
  const unaudited = await sqlite(db, "SELECT COUNT(*) FROM work_item_updates u WHERE u.note LIKE 'faults %' AND NOT EXISTS "
    + "(SELECT 1 FROM audit_log a WHERE a.action = 'work_item.progress' AND a.entity_id = u.item_id AND a.detail LIKE '%' || u.note || '%')");
  assert.equal(unaudited, '0', 'every progress update has its audit row');
  const torn = await sqlite(db, 'SELECT COUNT(*) FROM work_items w WHERE EXISTS (SELECT 1 FROM work_item_updates u WHERE u.item_id = w.id) AND w.percent <> '
    + '(SELECT percent FROM work_item_updates u WHERE u.item_id = w.id ORDER BY update_date DESC, id DESC LIMIT 1)');
  assert.equal(torn, '0', 'no item shows a percent other than its latest update');
  const months = (await sqlite(db, `SELECT month FROM progress_reports WHERE project_id = ${fx.project.id} ORDER BY month`)).split('\n').filter(Boolean);
  return months;
}

// the demo data closes the months up to two before its "today": load it as of mid-2025 so that
// the progress reports of 2026 are open
const OPEN_MONTHS = '2025-06-15';
const FULL = { code: 'db_full', zh: '磁盘空间不足', en: 'disk full' };
const READONLY = { code: 'db_readonly', zh: '只读', en: 'read-only' };

const mounts = [];
let template; // one demo database, made once and copied onto each file system the tests mount

before(async () => {
  if (skipReason) return;
  const dir = tempDir('duikou-faults-template-');
  const file = path.join(dir, 'test.db');
  await initDb(file, { demo: true, today: OPEN_MONTHS });
  template = { dir, file, token: await newToken(file, 'admin', 'tests-faults') };
});

after(async () => {
  for (const m of mounts) await unmount(m);
  if (template) fs.rmSync(template.dir, { recursive: true, force: true });
});

/** Copies the template database into dir and serves it from there. */
function serveCopy(dir, name) {
  const dbPath = path.join(dir, 'test.db');
  for (const suffix of ['', '-wal']) if (fs.existsSync(template.file + suffix)) fs.copyFileSync(template.file + suffix, dbPath + suffix);
  return startServer({ attach: { dbPath, token: template.token }, name });
}

/** Runs body on a server whose database is on a new 16 MiB tmpfs, after the fixture and a
 * first round of writes; unmounts whatever happens. body gets { mnt, srv, fx, led } and may
 * replace srv (the last one is stopped at the end). */
async function onTmpfs(name, body) {
  const ctx = { mnt: tempDir(`duikou-${name}-`), led: ledger() };
  await must('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', ctx.mnt]);
  mounts.push(ctx.mnt);
  try {
    ctx.srv = await serveCopy(ctx.mnt, name);
    ctx.fx = await fixture(ctx.srv);
    await writeRound(ctx.srv, ctx.fx, ctx.led, 'before', 'ok', '2026-04');
    await body(ctx);
  } finally {
    await ctx.srv?.stop().catch(() => {});
    await unmount(ctx.mnt);
    fs.rmSync(ctx.mnt, { recursive: true, force: true });
  }
}

test('a full disk: writes answer 503 db_full, reads go on, writes resume when space returns', { skip: skipReason }, (t) => onTmpfs('faults-full', async ({ mnt, srv, fx, led }) => {
  // an empty WAL, then no room: every write needs a new WAL page and there is none
  let truncated = '';
  for (let i = 0; i < 20 && !truncated.startsWith('0|'); i++) truncated = await sqlite(srv.dbPath, 'PRAGMA wal_checkpoint(TRUNCATE)');
  assert.ok(truncated.startsWith('0|'), `the WAL is checkpointed and truncated: ${truncated}`);
  const filler = fill(mnt);

  await burst(srv, fx, led, 'full-0', FULL);
  await writeRound(srv, fx, led, 'full-1', FULL, '2026-05');
  await readRound(srv, fx);
  await writeRound(srv, fx, led, 'full-2', FULL, '2026-05'); // the connections that failed are fine to use again
  await readRound(srv, fx);
  assert.equal(await health(srv), 'db_full', '/healthz says why writes fail');
  assert.match(srv.stderr(), /数据库故障.*db_full.*disk full/, 'the log names the fault');

  fs.rmSync(filler);
  await burst(srv, fx, led, 'after-0', 'ok'); // every connection that failed a COMMIT writes again
  await writeRound(srv, fx, led, 'after', 'ok', '2026-06');
  await readRound(srv, fx);
  assert.equal(await health(srv), 'ok');
  assert.match(srv.stderr(), /数据库恢复正常/, 'the log says writes work again');
  t.diagnostic(`${led.notes.length} progress updates acknowledged, ${led.refusedNotes.length} refused`);

  await srv.stop();
  const months = await checkDatabase(srv.dbPath, led, fx);
  assert.deepEqual(months, ['2026-04', '2026-06'], 'the monthly reports made while the disk was full are not there');
}));

test('a file system that turns read-only under the server: 503 db_readonly, reads go on, nothing acknowledged lost', { skip: skipReason }, async (t) => {
  const tools = await Promise.all(['mkfs.ext4', 'losetup', 'e2fsck'].map((c) => sh('sh', ['-c', `command -v ${c}`])));
  if (tools.some((r) => r.code !== 0)) return t.skip('mkfs.ext4, losetup or e2fsck missing (e2fsprogs, mount)');
  const work = tempDir('duikou-faults-ro-');
  const img = path.join(work, 'ext4.img');
  const mnt = path.join(work, 'mnt');
  fs.mkdirSync(mnt);
  fs.writeFileSync(img, '');
  fs.truncateSync(img, 64 << 20);
  await must('mkfs.ext4', ['-q', '-F', img]);
  const loop = await sh('losetup', ['-f', '--show', img]);
  if (loop.code !== 0) {
    fs.rmSync(work, { recursive: true, force: true });
    return t.skip(`no loop device: ${loop.stderr.trim()}`);
  }
  const dev = loop.stdout;
  const trigger = `/sys/fs/ext4/${path.basename(dev)}/trigger_fs_error`;
  let srv;
  try {
    await must('mount', ['-o', 'errors=remount-ro', dev, mnt]);
    mounts.push(mnt);
    if (!fs.existsSync(trigger)) return t.skip(`${trigger} missing: this kernel cannot be told to fail the file system`);
    srv = await serveCopy(mnt, 'faults-ro');
    const fx = await fixture(srv);
    const led = ledger();
    await writeRound(srv, fx, led, 'ro-before', 'ok', '2026-04');

    fs.writeFileSync(trigger, 'duikou faults test'); // ext4 aborts its journal and turns read-only
    await writeRound(srv, fx, led, 'ro-1', READONLY, '2026-05');
    await readRound(srv, fx);
    await writeRound(srv, fx, led, 'ro-2', READONLY, '2026-05');
    assert.equal(await health(srv), 'db_readonly');
    assert.match(srv.stderr(), /数据库故障.*db_readonly/, 'the log names the fault');

    // what the operator does: stop duikou, repair the file system, mount it, start duikou
    await srv.stop();
    await must('umount', [mnt]);
    const fsck = await sh('e2fsck', ['-fy', dev]);
    assert.ok(fsck.code === 0 || fsck.code === 1, `e2fsck: exit ${fsck.code}\n${fsck.stdout}\n${fsck.stderr}`);
    await must('mount', ['-o', 'errors=remount-ro', dev, mnt]);
    srv = await startServer({ attach: { dbPath: srv.dbPath, token: srv.token }, name: 'faults-ro-back' });
    await writeRound(srv, fx, led, 'back', 'ok', '2026-06');
    await srv.stop();
    const months = await checkDatabase(srv.dbPath, led, fx);
    assert.deepEqual(months, ['2026-04', '2026-06'], 'the monthly report acknowledged before the failure is there, the refused ones are not');
  } finally {
    await srv?.stop().catch(() => {});
    await unmount(mnt);
    await sh('losetup', ['-d', dev]);
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('started on a read-only file system: reads are served, writes answer 503 db_readonly', { skip: skipReason }, () => onTmpfs('faults-rostart', async (ctx) => {
  const { mnt, fx, led } = ctx;
  await ctx.srv.stop();
  const owner = { dbPath: ctx.srv.dbPath, token: ctx.srv.token };

  await must('mount', ['-o', 'remount,ro', mnt]);
  ctx.srv = await startServer({ attach: owner, name: 'faults-rostart-ro' });
  assert.match(ctx.srv.stderr(), /db_readonly.*mounted read-only/, 'the start-up log says the database is read-only, and why');
  assert.equal(await health(ctx.srv), 'db_readonly');
  await readRound(ctx.srv, fx);
  await writeRound(ctx.srv, fx, led, 'rostart', { code: 'db_readonly', zh: '只读方式挂载', en: 'mounted read-only' }, '2026-05');
  await ctx.srv.stop();

  await must('mount', ['-o', 'remount,rw', mnt]);
  ctx.srv = await startServer({ attach: owner, name: 'faults-rostart-rw' });
  await writeRound(ctx.srv, fx, led, 'after', 'ok', '2026-06');
  await ctx.srv.stop();
  assert.deepEqual(await checkDatabase(owner.dbPath, led, fx), ['2026-04', '2026-06']);
}));

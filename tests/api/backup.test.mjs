// backup.test.mjs — `duikou backup` and `duikou restore`: an online copy taken while writers
// keep writing is one consistent state (its audit chain verifies and is a prefix of the live
// one; every write acknowledged before the copy began is in it), a quiet copy restores to
// identical records, and bad or tampered backups are refused before anything is written. On
// PostgreSQL the commands explain pg_dump / pg_restore instead.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertStatus, duikouBin, startServer, tempDir } from './harness.mjs';

let srv;
let dir;
before(async () => {
  srv = await startServer({ demo: true, name: 'backup' });
  dir = tempDir('duikou-backup-');
});
after(async () => { await srv?.stop(); });

const pg = () => srv.dbPath.startsWith('postgres');

function duikou(args) {
  return new Promise((resolve) => execFile(duikouBin(), args, { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
    resolve({ code: err ? err.code : 0, stdout, stderr })));
}

function sqlite(db, sql) {
  return new Promise((resolve, reject) => execFile('sqlite3', ['-readonly', db, sql], { maxBuffer: 256 << 20 },
    (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))));
}

/** Writers: n loops reporting progress on bj-sy work items until stop() — each acknowledged write is counted. */
async function writers(n) {
  const wp = (await srv.get('/api/v1/work-plans?pairing=bj-sy&year=2019')).json.items[0];
  const items = (await srv.get(`/api/v1/work-items?work_plan_id=${wp.id}`)).json.items;
  let running = true;
  const acked = [];
  const loops = Array.from({ length: n }, async (_, k) => {
    for (let i = 0; running; i++) {
      const it = items[(k + i) % items.length];
      const r = await srv.post(`/api/v1/work-items/${it.id}/updates`, { percent: 60 + ((i + k) % 40), note: `负载写入 ${k}-${i}`, update_date: '2019-06-01' });
      assert.equal(r.status, 201, r.text);
      acked.push(Date.now());
    }
  });
  return { acked, stop: async () => { running = false; await Promise.all(loops); } };
}

describe('on PostgreSQL', () => {
  test('backup and restore explain pg_dump and pg_restore', { skip: !process.env.DUIKOU_TEST_PG_URL_FILE }, async () => {
    const b = await duikou(['backup', path.join(dir, 'pg.dump'), '--db', srv.dbPath]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /pg_dump --format=custom/);
    const r = await duikou(['restore', path.join(dir, 'pg.dump'), '--db', srv.dbPath]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pg_restore/);
  });
});

describe('on SQLite', () => {
  test('a backup under load is one consistent state that restores and verifies', { skip: !!process.env.DUIKOU_TEST_PG_URL_FILE }, async () => {
    const w = await writers(6);
    await new Promise((r) => setTimeout(r, 300)); // writes under way
    const started = Date.now();
    const file = path.join(dir, 'under-load.db');
    const b = await duikou(['backup', file, '--db', srv.dbPath]);
    await w.stop();
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /audit chain intact/);
    const ackedBefore = w.acked.filter((t) => t < started).length;
    assert.ok(ackedBefore > 0 && w.acked.length > ackedBefore, `writes before (${ackedBefore}) and during/after (${w.acked.length}) the copy`);
    const restored = path.join(dir, 'restored.db');
    const r = await duikou(['restore', file, '--db', restored]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await duikou(['audit', 'verify', '--db', restored])).code, 0);
    // the copy's audit chain is a prefix of the live one: the same rows, the same hashes
    const copy = (await sqlite(restored, 'SELECT id, hash FROM audit_log ORDER BY id')).trim().split('\n');
    const live = (await sqlite(srv.dbPath, 'SELECT id, hash FROM audit_log ORDER BY id')).trim().split('\n');
    assert.deepEqual(live.slice(0, copy.length), copy);
    // every acknowledged write before the copy began is in it (one audit row and one update each)
    const updates = Number((await sqlite(restored, "SELECT COUNT(*) FROM work_item_updates WHERE note LIKE '负载写入%'")).trim());
    assert.ok(updates >= ackedBefore, `${updates} load updates in the copy, ${ackedBefore} acknowledged before it began`);
    const itemsMatch = (await sqlite(restored, "SELECT COUNT(*) FROM work_items w WHERE w.percent <> (SELECT percent FROM work_item_updates u WHERE u.item_id = w.id ORDER BY update_date DESC, id DESC LIMIT 1)")).trim();
    assert.equal(itemsMatch, '0', 'no item is half-written: each shows its latest update');
  });

  test('a quiet backup restores to identical records; the server restarted on it serves them', { skip: !!process.env.DUIKOU_TEST_PG_URL_FILE }, async () => {
    const file = path.join(dir, 'quiet.db');
    assert.equal((await duikou(['backup', file, '--db', srv.dbPath])).code, 0);
    const restored = path.join(dir, 'quiet-restored.db');
    assert.equal((await duikou(['restore', file, '--db', restored])).code, 0);
    for (const t of ['projects', 'progress_reports', 'work_items', 'work_item_updates', 'meetings', 'audit_log', 'users']) {
      const q = `SELECT * FROM ${t} ORDER BY 1`;
      assert.equal(await sqlite(restored, q), await sqlite(srv.dbPath, q), `${t} identical`);
    }
    const other = await startServer({ attach: { dbPath: restored, token: srv.token }, name: 'restored' });
    try {
      const a = (await other.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30')).json;
      const b = (await srv.get('/api/v1/reports/plan?pairing=bj-sy&year=2018&as_of=2018-06-30')).json;
      assert.deepEqual(a.totals, b.totals);
      assertStatus(await other.get('/api/v1/search?q=%E6%B2%88%E9%99%BD'), 200);
    } finally {
      await other.stop();
    }
  });

  test('a database a newer duikou has not migrated yet is backed up as it is', { skip: !!process.env.DUIKOU_TEST_PG_URL_FILE }, async () => {
    const old = path.join(dir, 'old.db');
    fs.copyFileSync(path.join(dir, 'quiet.db'), old);
    await new Promise((resolve, reject) => execFile('sqlite3', [old, 'DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)'],
      (err) => (err ? reject(err) : resolve())));
    const version = Number(await sqlite(old, 'SELECT MAX(version) FROM schema_migrations'));
    const b = await duikou(['backup', path.join(dir, 'old-copy.db'), '--db', old]);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, new RegExp(`schema ${version}, audit chain intact`));
    const other = await duikou(['audit', 'verify', '--db', old]);
    assert.equal(other.code, 2, 'the other commands want it migrated first');
    assert.match(other.stderr, /run `duikou migrate`/);
  });

  test('refusals: an existing target, a tampered or broken backup — and nothing is written', { skip: !!process.env.DUIKOU_TEST_PG_URL_FILE }, async () => {
    const file = path.join(dir, 'quiet.db');
    const again = await duikou(['backup', file, '--db', srv.dbPath]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /never overwrites/);
    const exists = await duikou(['restore', file, '--db', srv.dbPath]);
    assert.equal(exists.code, 2);
    assert.match(exists.stderr, /--force/);
    const tampered = path.join(dir, 'tampered.db');
    fs.copyFileSync(file, tampered);
    await new Promise((resolve, reject) => execFile('sqlite3', [tampered, "UPDATE audit_log SET actor = 'mallory' WHERE id = 3"], (err) => (err ? reject(err) : resolve())));
    const t = await duikou(['restore', tampered, '--db', path.join(dir, 't-target.db')]);
    assert.equal(t.code, 4);
    assert.match(t.stderr, /audit chain broken at row 3/);
    assert.ok(!fs.existsSync(path.join(dir, 't-target.db')), 'nothing restored');
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all'.repeat(100));
    const j = await duikou(['restore', junk, '--db', path.join(dir, 'j-target.db')]);
    assert.equal(j.code, 4);
    assert.ok(!fs.existsSync(path.join(dir, 'j-target.db')));
    const missing = await duikou(['restore', path.join(dir, 'nope.db'), '--db', path.join(dir, 'n-target.db')]);
    assert.equal(missing.code, 2);
  });
});

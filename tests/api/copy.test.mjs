// copy.test.mjs — `duikou copy` moves a whole database between backends and verifies it:
// a demo SQLite file → a new PostgreSQL database (another SQLite file when the run has no
// PostgreSQL server) → back to a new SQLite file; the report computed on each copy is the
// same, ids continue after the copied ones, and a target that holds data is refused.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TODAY, createProject, duikouBin, initDb, newToken, pgServer, startServer, tempDir } from './harness.mjs';

function duikou(args) {
  return new Promise((resolve) => {
    execFile(duikouBin(), args, { env: { ...process.env, DUIKOU_TODAY: TODAY }, maxBuffer: 32 << 20, timeout: 300_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

function psql(url, sql) {
  return new Promise((resolve, reject) => {
    execFile('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], (err, stdout, stderr) =>
      err ? reject(new Error(`${sql}: ${stderr}`)) : resolve(stdout));
  });
}

describe('duikou copy', () => {
  let dir, source, middle, back, pgName;
  const pg = pgServer();
  before(async () => {
    dir = tempDir('duikou-copy-');
    source = path.join(dir, 'source.db');
    back = path.join(dir, 'back.db');
    await initDb(source, { demo: true });
    if (pg) {
      pgName = `dk_copy_${process.pid}`;
      await psql(`${pg}/postgres`, `CREATE DATABASE ${pgName} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
      middle = `${pg}/${pgName}`;
    } else {
      middle = `sqlite:${path.join(dir, 'middle.db')}`;
    }
  });
  after(async () => {
    if (pgName) await psql(`${pg}/postgres`, `DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    if (dir && !process.env.DUIKOU_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('there and back: every table verified, the same report on every copy', async () => {
    const there = await duikou(['copy', '--from', source, '--to', middle]);
    assert.equal(there.code, 0, there.stderr);
    const lines = there.stdout.trim().split('\n');
    const tables = lines.filter((l) => /rows/.test(l));
    assert.ok(tables.length >= 17, there.stdout);
    assert.ok(tables.every((l) => l.trim().endsWith(' ok')), there.stdout);
    assert.match(there.stdout, /projects\s+\d+ rows/);
    const projects = Number(/projects\s+(\d+) rows/.exec(there.stdout)[1]);
    assert.ok(projects > 139);

    const home = await duikou(['copy', '--from', middle, '--to', back]);
    assert.equal(home.code, 0, home.stderr);
    assert.equal(home.stdout.split('\n').filter((l) => / ok$/.test(l)).length, tables.length);

    const reports = [];
    for (const db of [source, middle, back]) {
      const r = await duikou(['report', '--db', db, '--pairing', 'bj-sy', '--year', '2017', '--json']);
      assert.equal(r.code, 0, r.stderr);
      reports.push(JSON.parse(r.stdout));
    }
    assert.equal(reports[0].headline.projects, 139);
    assert.deepEqual(reports[1], reports[0], 'the report on the copy equals the original');
    assert.deepEqual(reports[2], reports[0], 'and on the copy of the copy');
  });

  test('a copied database goes on numbering after the copied ids', async () => {
    const dbPath = middle.replace(/^sqlite:/, '');
    const srv = await startServer({ name: 'copied', attach: { dbPath, token: await newToken(dbPath, 'admin', 'copied') } });
    try {
      const all = await srv.get('/api/v1/projects?limit=1&sort=-code');
      const total = all.json.total;
      const p = await createProject(srv);
      assert.equal(p.id, total + 1, 'the new project takes the next id');
      const hist = await srv.get(`/api/v1/projects/${p.id}/history`);
      assert.equal(hist.json.items.length, 1, 'and its audit row is written');
    } finally {
      await srv.stop();
    }
    // a second copy into the same target is refused: it holds data now
    const refused = await duikou(['copy', '--from', source, '--to', middle]);
    assert.equal(refused.code, 4, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /target must be empty/);
  });

  test('bad arguments and a source that is not a duikou database', async () => {
    assert.equal((await duikou(['copy', '--from', source])).code, 2);
    const empty = path.join(dir, 'empty.db');
    const r = await duikou(['copy', '--from', empty, '--to', path.join(dir, 'x.db')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /duikou init/);
  });
});

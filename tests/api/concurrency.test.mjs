// concurrency.test.mjs — several duikou processes on one database (one SQLite file, or one
// PostgreSQL database in the api.pg run): no lost updates and no lost or doubled reports.
//   1. two processes edit the same project at once with the same If-Match: exactly one wins,
//      the other gets 412 stale_version with the current version in its ETag;
//   2. 4 processes × 8 clients report progress for the same projects: every report is
//      counted once and the totals are exact.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { duikouBin, startServer } from './harness.mjs';

const INIT_TODAY = '2025-06-15'; // demo progress up to 2025-05; months from 2025-06 are open and empty

describe('several processes on one database', () => {
  const servers = [];
  before(async () => {
    servers.push(await startServer({ name: 'conc0', initToday: INIT_TODAY }));
    for (let i = 1; i < 4; i++) servers.push(await startServer({ name: `conc${i}`, attach: servers[0] }));
  });
  after(async () => {
    for (const s of servers.slice(1)) await s.stop();
    if (servers[0]) await servers[0].stop();
  });

  test('two processes edit one project with the same If-Match: one 200, one 412', async () => {
    const [a, b] = servers;
    const list = await a.get('/api/v1/projects?pairing=bj-sy&limit=1&sort=code');
    assert.equal(list.status, 200);
    const id = list.json.items[0].id;
    for (let round = 0; round < 20; round++) {
      const cur = await a.get(`/api/v1/projects/${id}`);
      const version = cur.json.version;
      const [ra, rb] = await Promise.all([
        a.patch(`/api/v1/projects/${id}`, { contact: `甲-${round}` }, { 'If-Match': `"${version}"` }),
        b.patch(`/api/v1/projects/${id}`, { contact: `乙-${round}` }, { 'If-Match': `"${version}"` }),
      ]);
      const statuses = [ra.status, rb.status].sort();
      assert.deepEqual(statuses, [200, 412], `round ${round}: ${ra.status} ${ra.text} / ${rb.status} ${rb.text}`);
      const [win, lose] = ra.status === 200 ? [ra, rb] : [rb, ra];
      assert.equal(lose.json.error.code, 'stale_version');
      assert.equal(lose.headers.get('etag'), `"${version + 1}"`, 'the 412 carries the current version');
      const now = await b.get(`/api/v1/projects/${id}`);
      assert.equal(now.json.version, version + 1, 'exactly one write landed');
      assert.equal(now.json.contact, win.json.contact);
    }
  });

  test('4 processes × 8 clients report progress: every report counted once, totals exact', async () => {
    const list = await servers[0].get('/api/v1/projects?pairing=bj-sy&stage=landed&limit=4&sort=code');
    assert.equal(list.status, 200);
    const projects = list.json.items.filter((p) => p.stage_dates.signed <= '2025-05-31').slice(0, 4);
    assert.equal(projects.length, 4, 'four landed projects signed before the open months');
    const months = [];
    for (let i = 0; i < 16; i++) {
      const m = 5 + i; // 2025-06 … 2026-09
      months.push(`${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
    }
    const before = {};
    for (const p of projects) {
      const r = await servers[0].get(`/api/v1/projects/${p.id}/progress`);
      before[p.id] = r.json.items;
      assert.ok(r.json.items.every((x) => x.month < '2025-06'), 'the open months start empty');
    }
    // 64 slots (project, month); client c owns slots c and c+32; it reports each twice, the
    // second time replacing the first with the final amount.
    const slots = [];
    for (const p of projects) for (const m of months) slots.push({ id: p.id, month: m });
    const finalAmount = (k) => 10_000 * (k + 1) + 7;
    const clients = [];
    for (let c = 0; c < 32; c++) {
      const srv = servers[c % 4];
      clients.push((async () => {
        for (const k of [c, c + 32]) {
          const { id, month } = slots[k];
          const first = await srv.post(`/api/v1/projects/${id}/progress`, { month, amount: 1 });
          assert.equal(first.status, 201, `${id} ${month}: ${first.text}`);
          const second = await srv.post(`/api/v1/projects/${id}/progress`, { month, amount: finalAmount(k) });
          assert.equal(second.status, 200, `${id} ${month}: ${second.text}`);
          assert.equal(second.json.replaced, true);
        }
      })());
    }
    await Promise.all(clients);
    for (const [i, p] of projects.entries()) {
      const r = await servers[(i + 1) % 4].get(`/api/v1/projects/${p.id}/progress`);
      const fresh = r.json.items.filter((x) => x.month >= '2025-06');
      assert.equal(fresh.length, 16, 'one report per month');
      let expected = 0;
      for (const [j, m] of months.entries()) {
        const k = i * 16 + j;
        const row = fresh.find((x) => x.month === m);
        assert.equal(row.amount, finalAmount(k), `${p.id} ${m}`);
        assert.equal(row.version, 2, 'reported once, replaced once');
        expected += finalAmount(k);
      }
      const prior = before[p.id].reduce((s, x) => s + x.amount, 0);
      const one = await servers[i % 4].get(`/api/v1/projects/${p.id}`);
      assert.equal(one.json.completed_investment, prior + expected, 'completed investment is the exact sum');
    }
  });
});

// 3. --reuse-port: several processes listen on one address; the kernel spreads connections over
//    them, and one can stop while the other goes on answering (a restart without a gap).
describe('several processes on one port (--reuse-port)', () => {
  const servers = [];
  after(async () => { for (const s of servers.reverse()) await s.stop(); });

  // n requests, each on a new connection (so that the kernel picks a listener for each), 10 at once
  const one = (port) => new Promise((resolve, reject) => {
    const rq = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    rq.on('error', reject);
  });
  const fresh = async (port, n) => {
    const statuses = [];
    for (let i = 0; i < n; i += 10) statuses.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => one(port)))));
    return statuses;
  };
  const served = (s) => (s.stderr().match(/GET \/healthz/g) || []).length;

  test('both processes answer; without the option a second process cannot listen; one stops, the other goes on', async () => {
    servers.push(await startServer({ name: 'reuse0', serveArgs: ['--reuse-port'] }));
    const port = servers[0].port;
    servers.push(await startServer({ name: 'reuse1', attach: servers[0], port, serveArgs: ['--reuse-port'] }));
    // the first process answers /healthz for both: wait for the second one's own word that it listens
    for (let i = 0; i < 600 && !/listening on/.test(servers[1].stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(servers[1].stderr(), /listening on/);
    const before = servers.map(served);
    const statuses = await fresh(port, 200);
    assert.ok(statuses.every((s) => s === 200), `statuses: ${[...new Set(statuses)]}`);
    const counts = servers.map((s, i) => served(s) - before[i]);
    assert.ok(counts[0] > 0 && counts[1] > 0, `both processes answer: ${counts}`);

    // without the option, a third process is refused the address (and says so)
    const third = await new Promise((resolve) => execFile(duikouBin(), ['serve', '--db', servers[0].dbPath, '--listen', `127.0.0.1:${port}`],
      { timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stderr })));
    assert.equal(third.code, 1, third.stderr);
    assert.match(third.stderr, /cannot listen on 127\.0\.0\.1:\d+: Address already in use/);

    await servers[1].stop(); // (the first one owns the database)
    const later = await fresh(port, 50);
    assert.ok(later.every((s) => s === 200), `after one stopped: ${[...new Set(later)]}`);
  });
});

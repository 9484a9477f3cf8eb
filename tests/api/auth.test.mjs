// auth.test.mjs — who may do what, over real HTTP:
//   every route × anonymous and every role, against a policy this file holds (a route the
//   server has and this file does not decide fails the test); sign-in with the session cookie
//   and its flags, CSRF on cookie writes, sign-out, expired, forged, replayed and revoked
//   credentials, throttling, the same answer for an unknown account and a wrong password,
//   and the scopes of accounts tied to one pairing, one unit or one side.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, assertError, assertStatus, duikouBin, makeReq, newToken, startServer } from './harness.mjs';

const POLICY = {
  'GET /healthz': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'self',
  'GET /api/v1/auth/me': 'self',
  'GET /api/v1/tokens': 'self',
  'POST /api/v1/tokens': 'self',
  'DELETE /api/v1/tokens/{id}': 'self',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/{id}': 'admin',
  'GET /api/v1/pairings': 'read',
  'GET /api/v1/pairings/{code}': 'read',
  'GET /api/v1/pairings/{code}/closed-months': 'read',
  'POST /api/v1/pairings/{code}/closed-months': 'office',
  'GET /api/v1/units': 'read',
  'GET /api/v1/regions': 'read',
  'GET /api/v1/regions/{code}': 'read',
  'GET /api/v1/industries': 'read',
  'GET /api/v1/capital-stats': 'read',
  'GET /api/v1/projects': 'read',
  'POST /api/v1/projects': 'write',
  'GET /api/v1/projects/{id}': 'read',
  'PATCH /api/v1/projects/{id}': 'write',
  'POST /api/v1/projects/{id}/transitions': 'write',
  'GET /api/v1/projects/{id}/history': 'read',
  'GET /api/v1/projects/{id}/progress': 'read',
  'POST /api/v1/projects/{id}/progress': 'write',
  'GET /api/v1/projects/{id}/problems': 'read',
  'POST /api/v1/projects/{id}/problems': 'write',
  'GET /api/v1/problems': 'read',
  'GET /api/v1/problems/{id}': 'read',
  'POST /api/v1/problems/{id}/assign': 'write',
  'POST /api/v1/problems/{id}/resolve': 'write',
  'GET /api/v1/approvals': 'read',
  'GET /api/v1/approvals/{id}': 'read',
  'POST /api/v1/approvals/{id}/approve': 'office',
  'POST /api/v1/approvals/{id}/reject': 'office',
  'GET /api/v1/warning-rules': 'read',
  'PATCH /api/v1/warning-rules/{code}': 'admin',
  'GET /api/v1/reports/summary': 'read',
  'GET /api/v1/audit': 'admin',
  'POST /api/v1/units': 'office',
  'GET /api/v1/units/{id}': 'read',
  'PATCH /api/v1/units/{id}': 'office',
  'GET /api/v1/impl-plans': 'read',
  'POST /api/v1/impl-plans': 'office',
  'GET /api/v1/impl-plans/{id}': 'read',
  'PATCH /api/v1/impl-plans/{id}': 'office',
  'GET /api/v1/plan-areas': 'read',
  'POST /api/v1/plan-areas': 'office',
  'GET /api/v1/plan-areas/{id}': 'read',
  'PATCH /api/v1/plan-areas/{id}': 'office',
  'GET /api/v1/key-tasks': 'read',
  'POST /api/v1/key-tasks': 'office',
  'GET /api/v1/key-tasks/{id}': 'read',
  'PATCH /api/v1/key-tasks/{id}': 'office',
  'GET /api/v1/indicators': 'read',
  'POST /api/v1/indicators': 'office',
  'GET /api/v1/indicators/{id}': 'read',
  'PATCH /api/v1/indicators/{id}': 'office',
  'GET /api/v1/indicator-actuals': 'read',
  'POST /api/v1/indicator-actuals': 'write',
  'GET /api/v1/indicator-actuals/{id}': 'read',
  'PATCH /api/v1/indicator-actuals/{id}': 'write',
  'GET /api/v1/work-plans': 'read',
  'POST /api/v1/work-plans': 'office',
  'GET /api/v1/work-plans/{id}': 'read',
  'PATCH /api/v1/work-plans/{id}': 'office',
  'GET /api/v1/plan-domains': 'read',
  'POST /api/v1/plan-domains': 'office',
  'GET /api/v1/plan-domains/{id}': 'read',
  'PATCH /api/v1/plan-domains/{id}': 'office',
  'GET /api/v1/work-items': 'read',
  'POST /api/v1/work-items': 'office',
  'GET /api/v1/work-items/{id}': 'read',
  'PATCH /api/v1/work-items/{id}': 'office',
  'GET /api/v1/work-items/{id}/updates': 'read',
  'POST /api/v1/work-items/{id}/updates': 'write',
  'GET /api/v1/work-item-updates/{id}': 'read',
  'POST /api/v1/work-items/{id}/escalate': 'office',
  'POST /api/v1/work-items/{id}/carry-over': 'office',
  'GET /api/v1/meetings': 'read',
  'POST /api/v1/meetings': 'office',
  'GET /api/v1/meetings/{id}': 'read',
  'PATCH /api/v1/meetings/{id}': 'office',
  'GET /api/v1/exchanges': 'read',
  'POST /api/v1/exchanges': 'write',
  'GET /api/v1/exchanges/{id}': 'read',
  'PATCH /api/v1/exchanges/{id}': 'write',
  'GET /api/v1/platforms': 'read',
  'POST /api/v1/platforms': 'office',
  'GET /api/v1/platforms/{id}': 'read',
  'PATCH /api/v1/platforms/{id}': 'office',
  'GET /api/v1/market-products': 'read',
  'POST /api/v1/market-products': 'office',
  'GET /api/v1/market-products/{id}': 'read',
  'PATCH /api/v1/market-products/{id}': 'office',
  'GET /api/v1/calendar': 'read',
  'GET /api/v1/workdays': 'read',
  'PUT /api/v1/calendar/{day}': 'admin',
  'DELETE /api/v1/calendar/{day}': 'admin',
  'GET /api/v1/reports/plan': 'read',
  'GET /api/v1/reports/todo': 'read',
  'GET /api/v1/reports/key-tasks': 'read',
  'GET /api/v1/reports/indicators': 'read',
  'GET /api/v1/reports/exchanges': 'read',
  'GET /api/v1/reports/platforms': 'read',
  'POST /api/v1/imports': 'write',
  'GET /api/v1/exports/{what}': 'export',
  'GET /api/v1/import-templates/{kind}': 'read',
  'GET /api/v1/search': 'read',
};
const ALLOWED = {
  public: ['admin', 'office', 'unit', 'partner', 'viewer'],
  self: ['admin', 'office', 'unit', 'partner', 'viewer'],
  read: ['admin', 'office', 'unit', 'partner', 'viewer'],
  write: ['admin', 'office', 'unit', 'partner'],
  office: ['admin', 'office'],
  export: ['admin'], // the can_export flag, which only admin holds among these accounts
  admin: ['admin'],
};

function duikou(args) {
  return new Promise((resolve) => execFile(duikouBin(), args, (err, stdout, stderr) =>
    resolve({ code: err ? err.code : 0, stdout, stderr })));
}

function sql(srv, statement) {
  const pg = srv.dbPath.startsWith('postgres');
  const [cmd, args] = pg ? ['psql', [srv.dbPath, '-X', '-q', '-c', statement]] : ['sqlite3', [srv.dbPath, statement]];
  return new Promise((resolve, reject) => execFile(cmd, args, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))));
}

let srv;
const callers = {}; // role → req
const accounts = {}; // role → account
let bjProject, otherProject, bjProblem, hostUnit, partnerUnit;
const projectOf = {}; // role → a bj-sy project that caller is responsible for (record-level rights aside)

async function account(body) {
  const r = await srv.post('/api/v1/users', { password: 'a-long-password-1', ...body });
  assertStatus(r, 201, `create ${body.login}`);
  return r.json;
}

before(async () => {
  srv = await startServer({ name: 'auth' });
  const units = (await srv.get('/api/v1/units?pairing=bj-sy')).json.items;
  hostUnit = units.find((u) => u.side === 'host');
  partnerUnit = units.find((u) => u.side === 'partner');
  accounts.office = await account({ login: 'office1', role: 'office', pairing: 'bj-sy', side: 'host' });
  accounts.unit = await account({ login: 'unit1', role: 'unit', pairing: 'bj-sy', unit_id: hostUnit.id });
  accounts.partner = await account({ login: 'partner1', role: 'partner', pairing: 'bj-sy', side: 'partner' });
  accounts.viewer = await account({ login: 'viewer1', role: 'viewer' });
  callers.admin = srv.req;
  for (const role of ['office', 'unit', 'partner', 'viewer']) {
    callers[role] = makeReq(srv.base, await newToken(srv.dbPath, accounts[role].login, 'matrix'));
  }
  callers.anonymous = srv.anon;
  bjProject = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=1&sort=code')).json.items[0];
  otherProject = (await srv.get('/api/v1/projects?pairing=sh-dl&limit=1')).json.items[0];
  const p = await srv.post(`/api/v1/projects/${bjProject.id}/problems`, { title: '权限测试问题' });
  bjProblem = p.json;
  const bj = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=200&sort=code')).json.items;
  projectOf.unit = bj.find((x) => x.unit_id === hostUnit.id);
  projectOf.partner = bj.find((x) => x.unit_id !== hostUnit.id && x.id !== bjProject.id);
  assertStatus(await srv.patch(`/api/v1/projects/${projectOf.partner.id}`, { unit_id: partnerUnit.id }), 200);
});
after(async () => { await srv?.stop(); });

describe('every route × every caller', () => {
  test('the policy decides every route the server has, and they agree', async () => {
    const r = await duikou(['routes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const routes = JSON.parse(r.stdout);
    for (const x of routes) {
      const key = `${x.method} ${x.path}`;
      assert.ok(key in POLICY, `route ${key} has no decision in this test's POLICY: decide who may call it`);
      assert.equal(x.permission, POLICY[key], `${key} declares ${x.permission}, the policy says ${POLICY[key]}`);
    }
    assert.equal(routes.length, Object.keys(POLICY).length, 'every decided route exists');
  });

  test('anonymous gets 401 and each role 403 exactly where the policy says', async () => {
    const routes = JSON.parse((await duikou(['routes', '--json'])).stdout);
    const auditBefore = (await srv.get('/api/v1/audit?limit=1000')).json.items.length;
    const failures = [];
    for (const x of routes) {
      const body = ['POST', 'PATCH', 'PUT'].includes(x.method) ? { nonsense: 1 } : undefined;
      for (const [who, req] of Object.entries(callers)) {
        const path = x.path
          .replace('/projects/{id}', `/projects/${(projectOf[who] || bjProject).id}`)
          .replace('/problems/{id}', `/problems/${bjProblem.id}`)
          .replace('/approvals/{id}', '/approvals/999999')
          .replace('/users/{id}', `/users/${accounts.viewer.id}`)
          .replace('/tokens/{id}', '/tokens/999999')
          .replace('/pairings/{code}', '/pairings/bj-sy')
          .replace('/regions/{code}', '/regions/210100')
          .replace('/warning-rules/{code}', '/warning-rules/no_report')
          .replace('/exports/{what}', '/exports/projects')
          .replace('/import-templates/{kind}', '/import-templates/projects');
        const res = await req(x.method, path, body);
        const allowed = who === 'anonymous' ? x.permission === 'public' : ALLOWED[x.permission].includes(who);
        const refused = who === 'anonymous' ? res.status === 401 : res.status === 403;
        if (allowed === refused) failures.push(`${who} ${x.method} ${path}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, []);
    // every write above carried an unknown field or was refused: nothing was written
    const auditAfter = (await srv.get('/api/v1/audit?limit=1000')).json.items.length;
    assert.equal(auditAfter, auditBefore, 'no refused or invalid request wrote anything');
  });
});

describe('sessions', () => {
  const login = (body, headers) => srv.anon('POST', '/api/v1/auth/login', body, headers);
  const cookieOf = (r) => (r.headers.get('set-cookie') || '').split(';')[0];

  test('sign in: an HttpOnly, SameSite=Strict cookie; Secure behind TLS; security headers', async () => {
    const r = await login({ login: 'admin', password: ADMIN_PASSWORD });
    assertStatus(r, 200);
    const c = r.headers.get('set-cookie');
    assert.match(c, /^duikou_session=[A-Za-z0-9_-]{43};/);
    assert.match(c, /HttpOnly/);
    assert.match(c, /SameSite=Strict/);
    assert.doesNotMatch(c, /Secure/);
    assert.equal(typeof r.json.csrf_token, 'string');
    assert.equal(r.json.user.login, 'admin');
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.doesNotMatch(r.headers.get('content-security-policy'), /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    const tls = await login({ login: 'admin', password: ADMIN_PASSWORD }, { 'X-Forwarded-Proto': 'https' });
    assert.match(tls.headers.get('set-cookie'), /; Secure/);
  });

  test('a cookie write needs the CSRF token; sign-out ends the session on the server', async () => {
    const r = await login({ login: 'office1', password: 'a-long-password-1' });
    const cookie = cookieOf(r);
    const csrf = r.json.csrf_token;
    const me = await srv.anon('GET', '/api/v1/auth/me', undefined, { Cookie: cookie });
    assertStatus(me, 200);
    assert.equal(me.json.via, 'session');
    assert.equal(me.json.csrf_token, csrf);
    const patch = (headers) => srv.anon('PATCH', `/api/v1/projects/${bjProject.id}`, { contact: '会话测试' }, { Cookie: cookie, ...headers });
    assertError(await patch({}), 403, 'csrf');
    assertError(await patch({ 'X-CSRF-Token': 'x'.repeat(43) }), 403, 'csrf');
    assertStatus(await patch({ 'X-CSRF-Token': csrf }), 200);
    assertStatus(await srv.anon('POST', '/api/v1/auth/logout', {}, { Cookie: cookie, 'X-CSRF-Token': csrf }), 200);
    assertError(await srv.anon('GET', '/api/v1/auth/me', undefined, { Cookie: cookie }), 401, 'unauthenticated');
  });

  test('an idle session expires', async () => {
    const r = await login({ login: 'viewer1', password: 'a-long-password-1' });
    const cookie = cookieOf(r);
    assertStatus(await srv.anon('GET', '/api/v1/auth/me', undefined, { Cookie: cookie }), 200);
    await sql(srv, "UPDATE sessions SET last_seen = '2000-01-01T00:00:00Z'");
    assertError(await srv.anon('GET', '/api/v1/auth/me', undefined, { Cookie: cookie }), 401, 'unauthenticated');
  });

  test('an unknown account and a wrong password get the same answer; bad credentials are 400', async () => {
    const a = await login({ login: 'nobody-here', password: 'whatever-1234' });
    const b = await login({ login: 'viewer1', password: 'wrong-password-1' });
    assert.equal(a.status, 401);
    assert.equal(a.text, b.text);
    assertError(await login({ login: 'x'.repeat(1000), password: 'y' }), 400);
    assertError(await login({ login: 'viewer1' }), 400);
    assertError(await login({ login: 'viewer1', password: 5 }), 400, 'invalid_type');
    assertError(await login({ login: 'viewer1', password: 'p', extra: 1 }), 400, 'unknown_field');
  });

  test('five failed sign-ins lock the account for a while, even with the right password', async () => {
    await account({ login: 'throttled', role: 'viewer' });
    for (let i = 0; i < 5; i++) assertStatus(await login({ login: 'throttled', password: `wrong-${i}-password` }), 401);
    assertError(await login({ login: 'throttled', password: 'a-long-password-1' }), 429, 'too_many_attempts');
  });
});

describe('tokens', () => {
  test('created, used, revoked; forged and malformed tokens are 401', async () => {
    const t = await srv.post('/api/v1/tokens', { name: '脚本' });
    assertStatus(t, 201);
    const mine = makeReq(srv.base, t.json.token);
    assertStatus(await mine('GET', '/api/v1/auth/me'), 200);
    const list = await srv.get('/api/v1/tokens');
    assert.ok(list.json.items.some((x) => x.id === t.json.id && !('token' in x) && !('token_hash' in x)));
    assertStatus(await srv.req('DELETE', `/api/v1/tokens/${t.json.id}`), 200);
    assertError(await mine('GET', '/api/v1/auth/me'), 401, 'unauthenticated');
    assertError(await srv.req('DELETE', `/api/v1/tokens/${t.json.id}`), 404);
    assertError(await makeReq(srv.base, 'A'.repeat(43))('GET', '/api/v1/projects'), 401);
    assertError(await srv.anon('GET', '/api/v1/projects', undefined, { Authorization: 'Basic YWRtaW46eA==' }), 401);
    assertError(await srv.anon('GET', '/api/v1/projects', undefined, { Authorization: `Bearer ${'x'.repeat(5000)}` }), 401);
  });

  test('a disabled account is refused at once', async () => {
    const a = await account({ login: 'leaver', role: 'viewer' });
    const req = makeReq(srv.base, await newToken(srv.dbPath, 'leaver', 't'));
    assertStatus(await req('GET', '/api/v1/projects?limit=1'), 200);
    assertStatus(await srv.patch(`/api/v1/users/${a.id}`, { disabled: true }), 200);
    assertError(await req('GET', '/api/v1/projects?limit=1'), 401);
  });
});

describe('scopes', () => {
  test('an account tied to a pairing sees only it; other pairings answer 404', async () => {
    const office = callers.office;
    const list = await office('GET', '/api/v1/projects?limit=500');
    assert.ok(list.json.items.length > 0 && list.json.items.every((p) => p.pairing === 'bj-sy'));
    assertError(await office('GET', `/api/v1/projects/${otherProject.id}`), 404);
    assertError(await office('PATCH', `/api/v1/projects/${otherProject.id}`, { contact: 'x' }), 404);
    assert.deepEqual((await office('GET', '/api/v1/pairings')).json.items.map((p) => p.code), ['bj-sy']);
    assertError(await office('GET', '/api/v1/reports/summary?pairing=sh-dl&year=2017'), 404);
    assert.equal((await office('GET', '/api/v1/reports/summary?year=2017')).json.pairing.code, 'bj-sy');
  });

  test('a unit writes only its own projects; the other side only projects of its side', async () => {
    const own = (await srv.get(`/api/v1/projects?unit_id=${hostUnit.id}&limit=1`)).json.items[0];
    const notOwn = (await srv.get('/api/v1/projects?pairing=bj-sy&limit=200')).json.items.find((p) => p.unit_id !== hostUnit.id);
    assertStatus(await callers.unit('PATCH', `/api/v1/projects/${own.id}`, { contact: '本单位' }), 200);
    assertError(await callers.unit('PATCH', `/api/v1/projects/${notOwn.id}`, { contact: '他单位' }), 403, 'forbidden');
    assertError(await callers.partner('PATCH', `/api/v1/projects/${own.id}`, { contact: '对方' }), 403, 'forbidden');
    assertStatus(await srv.patch(`/api/v1/projects/${notOwn.id}`, { unit_id: partnerUnit.id }), 200);
    assertStatus(await callers.partner('PATCH', `/api/v1/projects/${notOwn.id}`, { contact: '对方' }), 200);
    assertError(await callers.viewer('PATCH', `/api/v1/projects/${own.id}`, { contact: 'v' }), 403);
  });
});

describe('approvals (审核)', () => {
  test("a unit's stage change waits for its office; approval applies it, rejection needs a reason", async () => {
    const own = (await srv.get(`/api/v1/projects?unit_id=${hostUnit.id}&stage=signed&limit=1`)).json.items[0]
      ?? (await srv.get(`/api/v1/projects?unit_id=${hostUnit.id}&stage=landed&limit=1`)).json.items[0];
    assert.ok(own, 'the unit has a signed or landed project');
    const to = own.stage === 'signed' ? 'landed' : 'production';
    const r = await callers.unit('POST', `/api/v1/projects/${own.id}/transitions`, { to, date: '2026-11-01', note: '已开工' });
    assertStatus(r, 202);
    assert.equal(r.json.state, 'pending');
    assert.equal(r.json.kind, 'stage');
    assert.deepEqual(r.json.payload, { to, date: '2026-11-01', note: '已开工' });
    const shown = await srv.get(`/api/v1/projects/${own.id}`);
    assert.equal(shown.json.stage, own.stage, 'nothing changed yet');
    assert.deepEqual(shown.json.pending_changes.map((x) => x.id), [r.json.id], 'the record shows the pending change');
    assertError(await callers.unit('POST', `/api/v1/approvals/${r.json.id}/approve`, {}), 403, 'forbidden');
    assertError(await callers.office('POST', `/api/v1/approvals/${r.json.id}/reject`, {}), 422, 'reason_required');
    const ok = await callers.office('POST', `/api/v1/approvals/${r.json.id}/approve`, { opinion: '同意' });
    assertStatus(ok, 200);
    assert.equal(ok.json.state, 'approved');
    assert.equal(ok.json.decided_by, 'office1');
    assert.equal((await srv.get(`/api/v1/projects/${own.id}`)).json.stage, to, 'approval applied the change');
    assertError(await callers.office('POST', `/api/v1/approvals/${r.json.id}/reject`, { opinion: '晚了' }), 409, 'already_decided');

    const again = await callers.unit('POST', `/api/v1/projects/${own.id}/transitions`, { to: 'paused', date: '2026-11-02', reason: '资金' });
    assertStatus(again, 202);
    const no = await callers.office('POST', `/api/v1/approvals/${again.json.id}/reject`, { opinion: '资金已落实，不同意暂缓' });
    assertStatus(no, 200);
    assert.equal(no.json.state, 'rejected');
    assert.equal((await srv.get(`/api/v1/projects/${own.id}`)).json.stage, to, 'a rejected change is not applied');
    const log = (await srv.get(`/api/v1/audit?entity=projects&entity_id=${own.id}`)).json.items.map((x) => x.action);
    for (const a of ['approval.submit', 'approval.approve', 'approval.reject', 'project.stage']) assert.ok(log.includes(a), a);
  });
});

describe('found in review', () => {
  test("an office cannot close or read another pairing's months", async () => {
    assertError(await callers.office('POST', '/api/v1/pairings/sh-dl/closed-months', { month: '2026-10' }), 404, 'not_found');
    assertError(await callers.office('GET', '/api/v1/pairings/sh-dl/closed-months'), 404, 'not_found');
    const sh = await srv.get('/api/v1/pairings/sh-dl/closed-months');
    assert.ok(!sh.json.items.some((m) => m.month === '2026-10'), 'nothing was closed');
  });

  test('a warning rule holds for every pairing: only an admin changes it', async () => {
    assertError(await callers.office('PATCH', '/api/v1/warning-rules/no_report', { enabled: false }), 403, 'forbidden');
  });

  test('amounts above 10^13 yuan are refused, so totals cannot overflow', async () => {
    const r = await srv.post('/api/v1/projects', { code: 'HUGE-1', name: '过大', investor: 'x', investor_region: '110105',
      host_region: '210124', industry_section: 'C', pairing: 'bj-sy', intention_date: '2026-01-10', planned_investment: 9000000000000000000 });
    assertError(r, 400, 'invalid_field', 'planned_investment');
  });

  test('text search ignores case on both backends; a past stage filter uses the stage of that date', async () => {
    const lower = await srv.get('/api/v1/projects?q=js2017&limit=1');
    const upper = await srv.get('/api/v1/projects?q=JS2017&limit=1');
    assert.ok(lower.json.total > 0);
    assert.equal(lower.json.total, upper.json.total);
    const r = await srv.get('/api/v1/projects?pairing=bj-sy&stage=production&as_of=2017-06-30&limit=500');
    assertStatus(r, 200);
    assert.ok(r.json.items.every((p) => p.stage === 'production'), 'every row was in production on that date');
    assert.equal(r.json.total, r.json.items.length);
  });
});

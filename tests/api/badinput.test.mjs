// badinput.test.mjs — malformed input is refused with the one error shape, and a refused write
// writes nothing (list totals and versions unchanged).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertStatus, createProject, listTotal, projectBody, startServer } from './harness.mjs';

let srv;
let p; // a project to aim edits at
before(async () => {
  srv = await startServer({ demo: true, name: 'badinput' });
  p = await createProject(srv, { stage: 'signed', signed_date: '2026-02-01' });
});
after(async () => { await srv?.stop(); });

/** Runs fn (which must produce a refused write) and asserts nothing changed. */
async function nothingWritten(fn) {
  const total = await listTotal(srv);
  const before2 = (await srv.get(`/api/v1/projects/${p.id}`)).json;
  const progress = (await srv.get(`/api/v1/projects/${p.id}/progress`)).json;
  await fn();
  assert.equal(await listTotal(srv), total, 'the project count is unchanged');
  const after2 = (await srv.get(`/api/v1/projects/${p.id}`)).json;
  assert.equal(after2.version, before2.version, 'the project version is unchanged');
  assert.deepEqual({ ...after2, warning: null }, { ...before2, warning: null });
  assert.deepEqual((await srv.get(`/api/v1/projects/${p.id}/progress`)).json, progress);
}

const createRaw = (body, headers) => srv.req('POST', '/api/v1/projects', body, headers);

describe('malformed bodies', () => {
  test('malformed JSON is 400 invalid_json', async () => {
    await nothingWritten(async () => {
      assertError(await createRaw('{"code": "X1", "name": '), 400, 'invalid_json');
      assertError(await createRaw('{code: "X1"}'), 400, 'invalid_json');
      assertError(await createRaw("{'code': 'X1'}"), 400, 'invalid_json');
      assertError(await createRaw('{"code":"X1"} trailing'), 400, 'invalid_json');
      assertError(await srv.req('PATCH', `/api/v1/projects/${p.id}`, '{"name":'), 400, 'invalid_json');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}/transitions`, '{"to":'), 400, 'invalid_json');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}/progress`, 'month=2026-03'), 400, 'invalid_json');
    });
  });

  test('an empty body is 400', async () => {
    await nothingWritten(async () => {
      assertError(await createRaw(''), 400, ['invalid_json', 'invalid_body']);
      assertError(await srv.req('PATCH', `/api/v1/projects/${p.id}`, ''), 400, ['invalid_json', 'invalid_body']);
    });
  });

  test('invalid UTF-8 is 400 invalid_json', async () => {
    await nothingWritten(async () => {
      const bytes = Buffer.concat([Buffer.from('{"code":"U1","name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      assertError(await createRaw(bytes), 400, 'invalid_json');
    });
  });

  test('a JSON array, string, number or null instead of an object is 400 invalid_body', async () => {
    await nothingWritten(async () => {
      assertError(await createRaw(JSON.stringify([projectBody()])), 400, 'invalid_body');
      assertError(await createRaw('"a string"'), 400, ['invalid_body', 'invalid_json']);
      assertError(await createRaw('42'), 400, ['invalid_body', 'invalid_json']);
      assertError(await createRaw('null'), 400, ['invalid_body', 'invalid_json']);
      assertError(await srv.req('PATCH', `/api/v1/projects/${p.id}`, '[]'), 400, 'invalid_body');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}/transitions`, '[{"to":"landed"}]'), 400, 'invalid_body');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}/progress`, '[]'), 400, 'invalid_body');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}/problems`, '[]'), 400, 'invalid_body');
    });
  });

  test('a body over 1 MiB is 413 body_too_large (client sends Expect: 100-continue)', async () => {
    await nothingWritten(async () => {
      const big = JSON.stringify(projectBody({ content: 'x'.repeat((1 << 20) + 10) }));
      assert.ok(Buffer.byteLength(big) > 1 << 20);
      const opts = { expectContinue: true };
      assertError(await srv.raw('POST', '/api/v1/projects', big, {}, opts), 413, 'body_too_large');
      const bigPatch = JSON.stringify({ content: '内'.repeat(400000) }); // 1.2 MB of UTF-8
      assertError(await srv.raw('PATCH', `/api/v1/projects/${p.id}`, bigPatch, {}, opts), 413, 'body_too_large');
      const bigProgress = JSON.stringify({ month: '2026-03', amount: 1, note: 'n'.repeat(1 << 20) });
      assertError(await srv.raw('POST', `/api/v1/projects/${p.id}/progress`, bigProgress, {}, opts), 413, 'body_too_large');
    });
    assertStatus(await srv.get('/healthz'), 200, 'the server still answers');
  });

  test('a body over 1 MiB sent straight away (no Expect) also gets 413', async () => {
    // Browsers and fetch() send the body without waiting for 100 Continue. The server answers
    // early and closes; a client that stops sending when the answer arrives (as curl does, and
    // as srv.raw does) reads the 413. A reset connection is retried (up to 3 times) — see
    // RFC 9112 §9.6 on closing in stages — but any other answer fails the test.
    const big = JSON.stringify(projectBody({ content: 'y'.repeat((1 << 20) + 10) }));
    await nothingWritten(async () => {
      const seen = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const r = await srv.raw('POST', '/api/v1/projects', big);
          seen.push(`${r.status} ${r.json?.error?.code}`);
          assertError(r, 413, 'body_too_large');
          return;
        } catch (e) {
          if (e.code === 'ERR_ASSERTION') throw e;
          seen.push(e.message);
        }
      }
      assert.fail(`no 413 in 3 uploads: ${seen.join('; ')}`);
    });
  });

  test('a body just under 1 MiB is not refused for its size', async () => {
    const body = JSON.stringify({ name: 'n', pad: 'x'.repeat((1 << 20) - 100) });
    assert.ok(Buffer.byteLength(body) <= 1 << 20);
    const r = await srv.req('PATCH', `/api/v1/projects/${p.id}`, body);
    assertError(r, 400, 'unknown_field', 'pad');
  });
});

describe('fields', () => {
  test('an unknown field is 400 unknown_field naming it', async () => {
    await nothingWritten(async () => {
      assertError(await createRaw(JSON.stringify(projectBody({ colour: 'red' }))), 400, 'unknown_field', 'colour');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { nmae: '拼错' }), 400, 'unknown_field', 'nmae');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { name: '好', completed_investment: 5 }), 400, 'unknown_field', 'completed_investment');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { stage: 'landed' }), 400, 'unknown_field', 'stage');
    });
  });

  test('wrong types are 400 invalid_type naming the field', async () => {
    await nothingWritten(async () => {
      const cases = [
        [{ name: 123 }, 'name'],
        [{ name: ['a'] }, 'name'],
        [{ investor: { x: 1 } }, 'investor'],
        [{ code: 7 }, 'code'],
        [{ unit_id: 'abc' }, 'unit_id'],
        [{ annual_plan_year: '2026' }, 'annual_plan_year'],
        [{ planned_investment: true }, 'planned_investment'],
        [{ planned_investment: [1] }, 'planned_investment'],
        [{ pairing: 1 }, 'pairing'],
        [{ stage: 2 }, 'stage'],
        [{ intention_date: 20260101 }, 'intention_date'],
      ];
      for (const [over, field] of cases) {
        assertError(await createRaw(JSON.stringify(projectBody(over))), 400, 'invalid_type', field);
      }
      for (const [over, field] of cases.slice(0, 8)) {
        assertError(await srv.patch(`/api/v1/projects/${p.id}`, over), 400, 'invalid_type', field);
      }
    });
  });

  test('missing required fields are 400 missing_field naming the field', async () => {
    await nothingWritten(async () => {
      const failures = [];
      for (const field of ['code', 'name', 'investor', 'investor_region', 'host_region', 'industry_section', 'planned_investment', 'pairing']) {
        const r = await createRaw(JSON.stringify(projectBody({ [field]: undefined })));
        if (r.status !== 400 || r.json?.error?.code !== 'missing_field' || r.json?.error?.field !== field) {
          failures.push(`without ${field}: got ${r.status} ${r.text.slice(0, 160)}`);
        }
      }
      assert.deepEqual(failures, [], 'every required field is required');
      assertError(await createRaw('{}'), 400, 'missing_field');
      assertError(await createRaw(JSON.stringify(projectBody({ name: '' }))), 400, 'missing_field', 'name');
      const n = await createRaw(JSON.stringify(projectBody({ name: null })));
      assertError(n, 400, ['missing_field', 'invalid_type'], 'name');
      // clearing a required field by PATCH
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { name: null }), 400, ['missing_field', 'invalid_type'], 'name');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { investor: '' }), 400, 'missing_field', 'investor');
    });
  });

  test('malformed values are 400 invalid_field / too_long', async () => {
    await nothingWritten(async () => {
      const cases = [
        [{ host_region: '2101' }, 'host_region'],
        [{ investor_region: 'beijin' }, 'investor_region'],
        [{ planned_start: '2026-13' }, 'planned_start'],
        [{ planned_finish: '2026/05' }, 'planned_finish'],
        [{ national_code: '2026-210124-39-03-12' }, 'national_code'],
        [{ industry_division: '3' }, 'industry_division'],
        [{ intention_date: '2026-02-30' }, 'intention_date'],
        [{ stage: 'launched' }, 'stage'],
      ];
      for (const [over, field] of cases) {
        assertError(await createRaw(JSON.stringify(projectBody(over))), 400, 'invalid_field', field);
      }
      assertError(await createRaw(JSON.stringify(projectBody({ code: 'X'.repeat(65) }))), 400, ['too_long', 'invalid_field'], 'code');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { name: '名'.repeat(2000) }), 400, ['too_long', 'invalid_field'], 'name');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { name: 'a\u0001b' }), 400, 'invalid_field', 'name');
    });
  });

  test('invalid money text is 400 invalid_money naming the field', async () => {
    await nothingWritten(async () => {
      assertError(await createRaw(JSON.stringify(projectBody({ planned_investment: '1.23456万元' }))), 400, 'invalid_money', 'planned_investment');
      assertError(await createRaw(JSON.stringify(projectBody({ planned_investment: '一千万' }))), 400, 'invalid_money', 'planned_investment');
      assertError(await createRaw(JSON.stringify(projectBody({ planned_investment: '12.3.4亿' }))), 400, 'invalid_money', 'planned_investment');
      assertError(await createRaw(JSON.stringify(projectBody({ planned_investment: '99999999999999999亿元' }))), 400, 'invalid_money', 'planned_investment');
      assertError(await createRaw(JSON.stringify(projectBody({ agreed_capital: '1.23456万元' }))), 400, 'invalid_money', 'agreed_capital');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { planned_investment: '1.23456万元' }), 400, 'invalid_money', 'planned_investment');
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { annual_plan: '1.234567891亿' }), 400, 'invalid_money', 'annual_plan');
      assertError(await srv.post(`/api/v1/projects/${p.id}/progress`, { month: '2026-03', amount: '1.23456万元' }), 400, 'invalid_money', 'amount');
    });
  });

  test('negative money is refused', async () => {
    await nothingWritten(async () => {
      const r = await createRaw(JSON.stringify(projectBody({ planned_investment: -1 })));
      assertError(r, r.status === 422 ? 422 : 400, undefined, 'planned_investment');
      const s = await createRaw(JSON.stringify(projectBody({ planned_investment: '-1万元' })));
      assertError(s, s.status === 422 ? 422 : 400, undefined, 'planned_investment');
      const t = await srv.patch(`/api/v1/projects/${p.id}`, { agreed_capital: -5 });
      assertError(t, t.status === 422 ? 422 : 400, undefined, 'agreed_capital');
    });
  });

  test('a malformed If-Match is 400', async () => {
    await nothingWritten(async () => {
      assertError(await srv.patch(`/api/v1/projects/${p.id}`, { leader: 'x' }, { 'If-Match': 'not-a-version' }), 400);
    });
  });
});

describe('ids, routes, methods, parameters', () => {
  test('ids that do not exist are 404 not_found', async () => {
    await nothingWritten(async () => {
      assertError(await srv.get('/api/v1/projects/99999999'), 404, 'not_found');
      assertError(await srv.patch('/api/v1/projects/99999999', { name: 'x' }), 404, 'not_found');
      assertError(await srv.post('/api/v1/projects/99999999/transitions', { to: 'signed', date: '2026-02-01' }), 404, 'not_found');
      assertError(await srv.get('/api/v1/projects/99999999/progress'), 404, 'not_found');
      assertError(await srv.post('/api/v1/projects/99999999/progress', { month: '2026-03', amount: 1 }), 404, 'not_found');
      assertError(await srv.get('/api/v1/projects/99999999/history'), 404, 'not_found');
      assertError(await srv.get('/api/v1/projects/99999999/problems'), 404, 'not_found');
      assertError(await srv.get('/api/v1/problems/99999999'), 404, 'not_found');
      assertError(await srv.get('/api/v1/projects/0'), 404, 'not_found');
      assertError(await srv.get('/api/v1/projects/-1'), 404, 'not_found');
    });
  });

  test('a non-numeric id is 404 (or 400)', async () => {
    for (const path of ['/api/v1/projects/abc', '/api/v1/projects/1abc', '/api/v1/projects/1.5', '/api/v1/projects/%20',
      '/api/v1/projects/99999999999999999999999']) {
      const r = await srv.get(path);
      assertError(r, r.status === 400 ? 400 : 404);
    }
    await nothingWritten(async () => {
      const r = await srv.patch('/api/v1/projects/abc', { name: 'x' });
      assertError(r, r.status === 400 ? 400 : 404);
    });
  });

  test('an unknown route is 404 not_found', async () => {
    assertError(await srv.get('/api/v1/nothing-here'), 404, 'not_found');
    assertError(await srv.get('/api/v2/projects'), 404, 'not_found');
    assertError(await srv.get('/api/v1/projects/1/nothing'), 404, 'not_found');
    assertError(await srv.post('/api/v1/nothing-here', {}), 404, 'not_found');
  });

  test('a wrong method is 405 method_not_allowed', async () => {
    await nothingWritten(async () => {
      assertError(await srv.req('DELETE', `/api/v1/projects/${p.id}`), 405, 'method_not_allowed');
      assertError(await srv.req('PUT', `/api/v1/projects/${p.id}`, projectBody()), 405, 'method_not_allowed');
      assertError(await srv.req('POST', `/api/v1/projects/${p.id}`, { name: 'x' }), 405, 'method_not_allowed');
      assertError(await srv.req('DELETE', '/api/v1/projects'), 405, 'method_not_allowed');
      assertError(await srv.req('PATCH', '/api/v1/pairings'), 405, 'method_not_allowed');
      assertError(await srv.req('POST', '/healthz', {}), 405, 'method_not_allowed');
      assertError(await srv.req('GET', `/api/v1/problems/1/resolve`), 405, 'method_not_allowed');
    });
  });

  test('an unknown query parameter is 400 invalid_parameter naming it', async () => {
    assertError(await srv.get('/api/v1/projects?bogus=1'), 400, 'invalid_parameter', 'bogus');
    assertError(await srv.get('/api/v1/projects?pairing=bj-sy&Stage=signed'), 400, 'invalid_parameter', 'Stage');
    assertError(await srv.get('/api/v1/projects?page=2'), 400, 'invalid_parameter', 'page');
  });

  test('errors are JSON with the one shape', async () => {
    const r = await srv.get('/api/v1/nothing-here');
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
    assert.deepEqual(Object.keys(r.json), ['error']);
    assert.deepEqual(Object.keys(r.json.error).sort(), ['code', 'field', 'message']);
  });
});

describe('after all that', () => {
  test('the server still serves, and a good write still works', async () => {
    assertStatus(await srv.get('/healthz'), 200);
    const total = await listTotal(srv);
    await createProject(srv);
    assert.equal(await listTotal(srv), total + 1);
  });
});

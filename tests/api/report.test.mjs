// report.test.mjs — the summary report (汇总报告) and the headline the 2018 news report gives for
// the Beijing–Shenyang pairing's first year: 139 projects, 1678亿元 planned, 362亿元 completed,
// 23.4% of the capital Shenyang introduced from other provinces in 2017, ranking first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TODAY, assertError, assertStatus, createProject, startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true, name: 'report' }); });
after(async () => { await srv?.stop(); });

const summary = async (query) => {
  const r = await srv.get(`/api/v1/reports/summary?${query}`);
  assertStatus(r, 200, `summary?${query}`);
  return r.json;
};

const sum = (arr, k) => arr.reduce((s, x) => s + x[k], 0);

describe('the headline', () => {
  test('bj-sy 2017: 139 projects, 1678亿元 planned, 362亿元 completed, 23.4% of introduced capital, rank 1', async () => {
    const s = await summary('pairing=bj-sy&year=2017');
    assert.deepEqual(s.pairing.code, 'bj-sy');
    assert.equal(typeof s.pairing.name, 'string');
    assert.equal(s.year, 2017);
    assert.equal(s.as_of, '2017-12-31', 'as_of defaults to the end of a past year');
    const h = s.headline;
    assert.equal(h.projects, 139);
    assert.equal(h.planned_investment, 167800000000);
    assert.equal(h.completed_investment, 36200000000);
    assert.ok(h.capital, 'capital statistics are present');
    assert.equal(h.capital.share_bp, 2340);
    assert.equal(h.capital.rank, 1);
    assert.equal(h.capital.host_region, '210100');
    assert.equal(h.capital.year, 2017);
    assert.ok(Number.isInteger(h.capital.total) && h.capital.total > 0);
    assert.ok(Number.isInteger(h.capital.sources) && h.capital.sources >= 2);
    assert.ok(Number.isInteger(h.completed_in_year));
    assert.equal(h.completion_rate_bp, Math.round((h.completed_investment * 10000) / h.planned_investment));
    assert.equal(s.text.planned, '1678亿元');
    assert.equal(s.text.completed, '362亿元');
    assert.equal(s.text.share, '23.4%');
    assert.equal(typeof s.text.summary, 'string');
    assert.ok(s.text.summary.length > 0);
  });

  test('an explicit as_of of 2017-12-31 gives the same headline', async () => {
    const a = await summary('pairing=bj-sy&year=2017');
    const b = await summary('pairing=bj-sy&year=2017&as_of=2017-12-31');
    assert.deepEqual(b.headline, a.headline);
  });

  test('the capital total is the sum of the capital statistics, and the share is the year\'s completed investment in it', async () => {
    const s = await summary('pairing=bj-sy&year=2017');
    const c = await srv.get('/api/v1/capital-stats?host_region=210100&year=2017');
    assertStatus(c, 200);
    assert.equal(s.headline.capital.total, sum(c.json.items, 'amount'));
    assert.equal(s.headline.capital.sources, c.json.items.length);
    const share = Math.round((s.headline.completed_in_year * 10000) / s.headline.capital.total);
    assert.equal(s.headline.capital.share_bp, share);
    // rank 1: no other source region brought more than the pairing's completed investment of the year
    const others = c.json.items.filter((x) => x.source_region !== '110000');
    assert.ok(others.every((x) => x.amount <= s.headline.completed_in_year));
  });
});

describe('the breakdowns add up', () => {
  let s;
  before(async () => { s = await summary('pairing=bj-sy&year=2017'); });

  test('by_stage', () => {
    assert.ok(Array.isArray(s.by_stage) && s.by_stage.length > 0);
    for (const x of s.by_stage) {
      assert.ok(['intention', 'signed', 'landed', 'production', 'paused', 'terminated'].includes(x.stage));
      assert.equal(typeof x.name, 'string');
    }
    assert.equal(sum(s.by_stage, 'count'), 139);
    assert.equal(sum(s.by_stage, 'planned_investment'), 167800000000);
    assert.equal(sum(s.by_stage, 'completed_investment'), 36200000000);
    const names = { intention: '意向', signed: '签约', landed: '落地', production: '投产', paused: '暂缓', terminated: '终止' };
    for (const x of s.by_stage) assert.equal(x.name, names[x.stage]);
  });

  test('funnel: every project reached intention; reached never grows; conversions in basis points', () => {
    assert.deepEqual(s.funnel.map((x) => x.stage), ['intention', 'signed', 'landed', 'production']);
    assert.equal(s.funnel[0].reached, 139);
    assert.equal(s.funnel[0].conversion_bp, 10000);
    for (let i = 1; i < s.funnel.length; i++) {
      assert.ok(s.funnel[i].reached <= s.funnel[i - 1].reached);
      const expect = s.funnel[i - 1].reached ? Math.round((s.funnel[i].reached * 10000) / s.funnel[i - 1].reached) : 0;
      assert.equal(s.funnel[i].conversion_bp, expect);
    }
  });

  for (const key of ['by_industry', 'by_origin', 'by_county', 'by_year']) {
    test(key, () => {
      const arr = s[key];
      assert.ok(Array.isArray(arr) && arr.length > 0);
      for (const x of arr) {
        for (const k of ['key', 'name', 'count', 'planned_investment', 'completed_investment']) assert.ok(k in x, `${key} row has ${k}`);
      }
      assert.equal(sum(arr, 'count'), 139);
      assert.equal(sum(arr, 'planned_investment'), 167800000000);
      assert.equal(sum(arr, 'completed_investment'), 36200000000);
      assert.equal(new Set(arr.map((x) => x.key)).size, arr.length, 'keys are unique');
    });
  }

  test('by_county lies in Shenyang, by_origin names Beijing', () => {
    assert.ok(s.by_county.every((x) => x.key.startsWith('2101')), JSON.stringify(s.by_county.map((x) => x.key)));
    assert.ok(s.by_origin.some((x) => x.key.startsWith('11')));
  });

  test('by_month: January to December of 2017, adding up to the year\'s completed investment', () => {
    assert.deepEqual(s.by_month.map((x) => x.month), Array.from({ length: 12 }, (_, i) => `2017-${String(i + 1).padStart(2, '0')}`));
    assert.ok(s.by_month.every((x) => Number.isInteger(x.completed_investment) && x.completed_investment >= 0));
    assert.equal(sum(s.by_month, 'completed_investment'), s.headline.completed_in_year);
  });

  test('by_colour', () => {
    assert.ok(s.by_colour.every((x) => ['green', 'yellow', 'red'].includes(x.colour)));
    assert.equal(sum(s.by_colour, 'count'), 139);
  });
});

describe('scope and defaults', () => {
  test('the current year defaults as_of to today', async () => {
    const s = await summary('pairing=bj-sy&year=2026');
    assert.equal(s.as_of, TODAY);
    assert.equal(s.year, 2026);
    assert.ok(s.headline.projects >= 139);
    assert.equal(s.by_month.at(-1).month, TODAY.slice(0, 7), 'by_month ends at the as-of month');
    assert.equal(sum(s.by_month, 'completed_investment'), s.headline.completed_in_year);
  });

  test('no year: this year, as of today', async () => {
    const s = await summary('pairing=bj-sy');
    assert.equal(s.year, 2026);
    assert.equal(s.as_of, TODAY);
  });

  test('a new project counts in this year\'s report, not in 2017\'s', async () => {
    const before2 = await summary('pairing=bj-sy&year=2026');
    await createProject(srv, { planned_investment: 1000000 });
    const after2 = await summary('pairing=bj-sy&year=2026');
    assert.equal(after2.headline.projects, before2.headline.projects + 1);
    assert.equal(after2.headline.planned_investment, before2.headline.planned_investment + 1000000);
    const y2017 = await summary('pairing=bj-sy&year=2017');
    assert.equal(y2017.headline.projects, 139);
  });

  test('another pairing has its own figures', async () => {
    const s = await summary('pairing=sh-dl&year=2017');
    assert.equal(s.pairing.code, 'sh-dl');
    assert.ok(s.headline.projects > 0);
    assert.notEqual(s.headline.planned_investment, 167800000000);
  });

  test('bad parameters: unknown pairing 404, malformed year or date 400', async () => {
    assertError(await srv.get('/api/v1/reports/summary?pairing=xx-yy&year=2017'), 404, 'not_found');
    assertError(await srv.get('/api/v1/reports/summary?pairing=bj-sy&year=abc'), 400, 'invalid_parameter', 'year');
    assertError(await srv.get('/api/v1/reports/summary?pairing=bj-sy&as_of=2017-13-01'), 400, 'invalid_parameter', 'as_of');
    assertError(await srv.get('/api/v1/reports/summary?pairing=bj-sy&yaer=2017'), 400, 'invalid_parameter', 'yaer');
  });
});

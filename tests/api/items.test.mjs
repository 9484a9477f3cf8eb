// items.test.mjs — a page of records reads its links and derived fields a chunk of records at a
// time (service/record.c, store/rows.c): each record of a list must be the record a single read
// gives, whatever its place in the page or in a chunk. Checked on the demo's work items (61 items,
// more than one chunk: status as of a day, the percent of an item updated since, names, the item
// carried on into) and on every other kind, and against what the items' updates and carry-overs
// say directly, so that a slip shared by the list and the single read is caught too. Filters
// combine: every filter of a kind with the pairing, and all of an item's at once, give exactly
// the records that match, in the list's order, a page at a time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertStatus, startServer } from './harness.mjs';

let srv;

// Every record of the list at path (all pages of `limit`), in order.
async function listAll(path, limit) {
  const out = [];
  for (let offset = 0; ; offset += limit) {
    const r = await srv.get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`);
    assertStatus(r, 200, path);
    out.push(...r.json.items);
    if (out.length >= r.json.total || r.json.items.length === 0) return out;
  }
}

// Each record of the list at path, paged by limit, is the record its single read gives.
async function sameAsSingleReads(kind, query, limit) {
  const list = await listAll(`/api/v1/${kind}${query ? `?${query}` : ''}`, limit);
  const asOf = new URLSearchParams(query).get('as_of');
  for (const rec of list) {
    const one = await srv.get(`/api/v1/${kind}/${rec.id}${asOf ? `?as_of=${asOf}` : ''}`);
    assertStatus(one, 200, `${kind} ${rec.id}`);
    assert.deepEqual(rec, one.json, `${kind} ${rec.id} (${query || 'no filter'}, ${limit} a page) as listed and as read alone`);
  }
  return list;
}

before(async () => {
  srv = await startServer({ demo: true, name: 'items' });
});
after(async () => { await srv?.stop(); });

describe('a page of work items', () => {
  let updated; // an item of the 2018 plan with updates on 2018-03-30, 2018-06-25 and later

  before(async () => {
    const items = (await srv.get('/api/v1/work-items?limit=1000&as_of=2018-12-31')).json.items;
    for (const it of items.filter((x) => x.carried_to_id === null && x.year === 2018)) {
      const ups = (await srv.get(`/api/v1/work-items/${it.id}/updates`)).json.items.map((u) => u.update_date);
      if (ups.includes('2018-03-30') && ups.includes('2018-06-25')) { updated = it; break; }
    }
    assert.ok(updated, 'the demo has an item updated in March and June 2018');
    // two updates on one day after the others: the one written last is the day's
    for (const percent of [91, 92]) {
      assertStatus(await srv.post(`/api/v1/work-items/${updated.id}/updates`, { percent, note: `进展 ${percent}`, update_date: '2018-12-28' }), 201);
    }
  });

  test('more items than one chunk, each as its single read shows it, on any day asked about', async () => {
    for (const asOf of ['', '2018-04-20', '2018-06-30', '2018-12-28', '2019-06-30']) {
      for (const limit of [100, 25, 7]) {
        const list = await sameAsSingleReads('work-items', asOf ? `as_of=${asOf}` : '', limit);
        assert.equal(list.length, 61);
      }
    }
    await sameAsSingleReads('work-items', 'work_plan_id=1&as_of=2018-09-30', 40);
    await sameAsSingleReads('work-items', 'pairing=bj-sy&as_of=2018-03-31', 1000);
  });

  test('an item updated after the day asked about shows its percent as it stood then', async () => {
    const ups = (await srv.get(`/api/v1/work-items/${updated.id}/updates`)).json.items;
    const page = async (asOf) => (await srv.get(`/api/v1/work-items?limit=1000&as_of=${asOf}`)).json.items.find((x) => x.id === updated.id);
    const latest = (asOf) => ups.filter((u) => u.update_date <= asOf).sort((a, b) => b.update_date.localeCompare(a.update_date) || b.id - a.id)[0];
    for (const asOf of ['2018-03-30', '2018-05-01', '2018-06-25', '2018-10-01', '2018-12-28', '2026-01-01']) {
      const want = latest(asOf);
      const got = await page(asOf);
      assert.equal(got.percent, want.percent, `percent as of ${asOf}`);
      assert.equal(got.last_update, want.update_date, `last update as of ${asOf}`);
    }
    assert.equal((await page('2018-12-28')).percent, 92, 'of two updates on one day, the one written last');
    const early = await page('2018-03-29');
    assert.equal(early.percent, 0, 'before its first update: nothing done');
    assert.equal(early.last_update, null);
  });

  test('names, year and the item carried on into, as the other records say', async () => {
    const items = await listAll('/api/v1/work-items?as_of=2018-12-31', 25);
    const units = new Map((await srv.get('/api/v1/units?pairing=bj-sy')).json.items.map((u) => [u.id, u.name]));
    const domains = new Map((await listAll('/api/v1/plan-domains', 1000)).map((d) => [d.id, d.name]));
    const years = new Map((await listAll('/api/v1/work-plans', 1000)).map((p) => [p.id, p.year]));
    const carriedTo = new Map();
    for (const it of items) if (it.carried_from_id !== null) carriedTo.set(it.carried_from_id, Math.min(it.id, carriedTo.get(it.carried_from_id) ?? Infinity));
    assert.ok(carriedTo.size >= 5, 'the demo carries 2018 items into 2019');
    for (const it of items) {
      assert.equal(it.lead_unit, units.get(it.lead_unit_id), `item ${it.id}: lead unit`);
      assert.equal(it.domain, domains.get(it.domain_id), `item ${it.id}: domain`);
      assert.equal(it.year, years.get(it.work_plan_id), `item ${it.id}: year`);
      assert.equal(it.carried_to_id, carriedTo.get(it.id) ?? null, `item ${it.id}: carried to`);
    }
    assert.ok(items.some((x) => x.co_unit_ids.length > 0) && items.some((x) => x.key_task_ids.length > 0), 'links are read');
  });
});

describe('a page of any other kind', () => {
  test('each record as its single read shows it', async () => {
    for (const kind of ['impl-plans', 'plan-areas', 'key-tasks', 'indicators', 'indicator-actuals', 'work-plans', 'plan-domains',
      'meetings', 'exchanges', 'platforms', 'market-products']) {
      const list = await sameAsSingleReads(kind, '', 3);
      assert.ok(list.length > 0, `the demo has ${kind}`);
    }
    const meetings = await listAll('/api/v1/meetings', 2);
    assert.ok(meetings.some((m) => m.attendees.length > 0 && m.decisions.some((d) => d.work_items.length > 0)), 'a meeting with attendees and decisions carried out by items');
    assert.ok(meetings.some((m) => m.project_ids.length > 0 && m.signed_total > 0), 'a signing ceremony');
    assert.ok((await listAll('/api/v1/platforms', 2)).some((p) => p.project_count > 0), 'a platform with projects');
  });
});

describe('filters combined with the pairing', () => {
  // kind → its filters (service/*_kinds.c, workitems.c)
  const FILTERS = {
    'work-items': ['work_plan_id', 'domain_id', 'lead_unit_id', 'escalation'],
    'plan-areas': ['plan_id'], 'key-tasks': ['area_id', 'lead_unit_id'], indicators: ['task_id'],
    'indicator-actuals': ['indicator_id'], 'work-plans': ['year'], 'plan-domains': ['work_plan_id'],
    meetings: ['kind'], exchanges: ['kind', 'from_side'], platforms: ['kind'],
  };
  const ids = (xs) => xs.map((x) => x.id);

  test('each filter with the pairing: the matching records, in order, two a page', async () => {
    for (const [kind, names] of Object.entries(FILTERS)) {
      const all = await listAll(`/api/v1/${kind}`, 1000);
      assert.ok(all.length > 1, `the demo has ${kind}`);
      let checked = 0;
      for (const name of names) {
        const value = all[all.length - 1][name];
        if (value === null || value === undefined) continue;
        checked++;
        const want = all.filter((x) => x.pairing === 'bj-sy' && x[name] === value);
        const q = `pairing=bj-sy&${name}=${encodeURIComponent(value)}`;
        const first = await srv.get(`/api/v1/${kind}?${q}&limit=2`);
        assertStatus(first, 200, `${kind}?${q}`);
        assert.ok(first.json.items.length <= 2, `${kind}?${q}: at most the page asked for`);
        assert.equal(first.json.total, want.length, `${kind}?${q}: total`);
        assert.deepEqual(ids(await listAll(`/api/v1/${kind}?${q}`, 2)), ids(want), `${kind}?${q}`);
      }
      assert.ok(checked > 0, `${kind}: a filter with a value to try`);
    }
  });

  test("all of an item's filters at once", async () => {
    const all = await listAll('/api/v1/work-items', 1000);
    const it = all.find((x) => x.lead_unit_id !== null) ?? all[0];
    const names = FILTERS['work-items'].filter((n) => it[n] !== null);
    const q = ['pairing=bj-sy', ...names.map((n) => `${n}=${encodeURIComponent(it[n])}`)].join('&');
    const want = all.filter((x) => x.pairing === 'bj-sy' && names.every((n) => x[n] === it[n]));
    assert.ok(want.length >= 1);
    const got = await listAll(`/api/v1/work-items?${q}`, 1);
    assert.deepEqual(ids(got), ids(want), q);
  });
});

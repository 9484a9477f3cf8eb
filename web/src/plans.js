// plans.js — what the work-plan, cooperation and ledger pages share: the pairing list, the
// status/escalation/warning colours of an item, and turning a search hit's API path into the
// console page that shows its record.
import { ref } from 'vue';
import { get } from './api.js';

/** The pairings one may see, loaded once: { list (a ref), load() → the list }. */
const pairingList = ref([]);
export async function loadPairings() {
  if (!pairingList.value.length) pairingList.value = (await get('/pairings')).items;
  return pairingList.value;
}
export { pairingList };

/** The years a plan page offers: this year back to 2017. */
export function yearList() {
  const ys = [];
  for (let y = new Date().getFullYear(); y >= 2017; y--) ys.push(y);
  return ys;
}

/** Element Plus tag type for an item's status (not_started, in_progress, done, behind). */
export function statusType(s) {
  return { done: 'success', in_progress: 'primary', behind: 'danger', not_started: 'info' }[s] || 'info';
}

/** Element Plus tag type for a warning colour (red, yellow, green). */
export function colourType(c) {
  return { red: 'danger', yellow: 'warning', green: 'success' }[c] || 'info';
}

/** Element Plus tag type for an escalation level (reminder, talk, supervision). */
export function escalationType(l) {
  return { reminder: 'warning', talk: 'danger', supervision: 'danger' }[l] || 'info';
}

/**
 * The console route for a search hit's API path ("/api/v1/meetings/3" → "/meetings/3"); paths
 * that need a look-up first (an item's update, a problem) resolve through the API. Returns a
 * route string or '' when the console has no page for it.
 */
export async function pageOf(path) {
  const m = /^\/api\/v1\/([a-z-]+)(?:\/(\d+))?/.exec(path || '');
  if (!m) return '';
  const [, kind, id] = m;
  switch (kind) {
    case 'projects': return `/projects/${id}`;
    case 'work-items': return `/work-items/${id}`;
    case 'work-item-updates': return `/work-items/${(await get(`/work-item-updates/${id}`)).item_id}`;
    case 'problems': return `/projects/${(await get(`/problems/${id}`)).project_id}`;
    case 'meetings': return `/meetings/${id}`;
    case 'platforms': return `/platforms/${id}`;
    case 'exchanges': return `/exchanges?id=${id}`;
    case 'key-tasks': return '/impl-plan';
    case 'market-products': return '/products';
    case 'units': return '/admin';
    default: return '';
  }
}

/** Downloads an export (GET below /api/v1 with the session cookie) through a link. */
export function exportUrl(what, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== '' && v !== null && v !== undefined) qs.set(k, String(v));
  return `/api/v1/exports/${what}?${qs}`;
}

/**
 * A record list page's data: { rows, error, load } — load() fetches GET /path (all of it, up to
 * limit), loads the pairing list first (the pages name pairings), and sorts by `by` (a field,
 * newest first) when given.
 */
export function useRecords(path, { by = '', limit = 1000 } = {}) {
  const rows = ref([]);
  const error = ref('');
  async function load() {
    error.value = '';
    try {
      await loadPairings();
      const items = (await get(path, { limit })).items;
      rows.value = by ? items.sort((a, b) => (a[by] < b[by] ? 1 : a[by] > b[by] ? -1 : 0)) : items;
    } catch (e) {
      error.value = e.message;
    }
  }
  return { rows, error, load };
}

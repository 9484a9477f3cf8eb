// api.js — the one way the console talks to duikou: same-origin fetch with the session cookie,
// the X-CSRF-Token header on every write, the API's error shape turned into ApiError, and a
// 401 sending the user back to the sign-in page.
import { reactive } from 'vue';

export const session = reactive({ user: null, csrf: '', checked: false });

/** An API refusal: status, code, the field it names (may be ""), its message, and the whole answer (body). */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
    this.body = body;
  }
}

let onUnauthorized = () => {};
/** Sets what happens on a 401 (the router sends the user to /login). */
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

/**
 * api(method, path, body, headers) → { status, data, etag }; throws ApiError for 4xx/5xx.
 * path is below /api/v1; body is sent as JSON, or as multipart/form-data when it is FormData.
 */
export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (method !== 'GET') h['X-CSRF-Token'] = session.csrf;
  const init = { method, headers: h, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, init);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (res.status === 401 && !path.startsWith('/auth/login')) {
    session.user = null;
    session.csrf = '';
    onUnauthorized();
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, data, etag: res.headers.get('ETag') };
}

/** GET with a query object (empty values left out). */
export function get(path, query = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== '' && v !== null && v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return api('GET', s ? `${path}?${s}` : path).then((r) => r.data);
}

/** Asks the server who is signed in; false when nobody is. */
export async function loadMe() {
  try {
    const { data } = await api('GET', '/auth/me');
    session.user = data.user;
    session.csrf = data.csrf_token || '';
    return true;
  } catch {
    session.user = null;
    return false;
  } finally {
    session.checked = true;
  }
}

/** Signs in; throws ApiError on refusal. */
export async function signIn(login, password) {
  const { data } = await api('POST', '/auth/login', { login, password });
  session.user = data.user;
  session.csrf = data.csrf_token;
}

/** Signs out (the session ends on the server). */
export async function signOut() {
  try { await api('POST', '/auth/logout'); } finally {
    session.user = null;
    session.csrf = '';
  }
}

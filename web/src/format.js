// format.js — money (int64 yuan → 万元/亿元, rounded half away from zero as the server does),
// basis points as percentages, dates as YYYY-MM-DD, and yuan from a 万元 input.

function scaled(yuan, unit, decimals, group = true) {
  const neg = yuan < 0;
  const mag = BigInt(Math.abs(Math.trunc(yuan)));
  const div = BigInt(unit);
  const p = 10n ** BigInt(decimals);
  let q = (mag * p) / div;
  if (((mag * p) % div) * 2n >= div) q += 1n;
  let ip = (q / p).toString();
  if (group) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fp = decimals ? '.' + (q % p).toString().padStart(decimals, '0') : '';
  return (neg && q !== 0n ? '-' : '') + ip + fp;
}

/** 38553.00万元 style text; '' for null. */
export function wan(yuan, decimals = 2) {
  if (yuan === null || yuan === undefined) return '';
  return `${scaled(yuan, 10000, decimals)}万元`;
}

/** 亿元 text as the summary report writes it: no grouping, trailing zero decimals dropped
 * (1678亿元, 3.86亿元); '' for null. */
export function yi(yuan) {
  if (yuan === null || yuan === undefined) return '';
  return `${scaled(yuan, 100000000, 2, false).replace(/\.0+$|(\.\d*?)0+$/, '$1')}亿元`;
}

/** A number of yuan as a plain 万元 number (for charts). */
export function wanNumber(yuan) { return Math.round(yuan / 100) / 100; }

/** Basis points as a percentage with one decimal: 2340 → "23.4%". */
export function pct(bp) {
  if (bp === null || bp === undefined) return '';
  return `${(Math.round(bp / 10) / 10).toFixed(1)}%`;
}

/** The date part of an ISO date or time: "2017-03-01T09:00:00Z" → "2017-03-01". */
export function day(s) { return s ? String(s).slice(0, 10) : ''; }

/** A 万元 input (number or text) → the money text the API parses ("1500万元"); '' stays ''. */
export function wanInput(v) {
  if (v === '' || v === null || v === undefined) return '';
  return `${String(v).trim()}万元`;
}

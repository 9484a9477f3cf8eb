// i18n.js — the message catalogues (zh-CN default, zh-TW, en) and t(key, params); the chosen
// language is kept in localStorage and drives Element Plus's own locale too.
import { computed, ref } from 'vue';
import zhCN from './locales/zh-CN.js';
import zhTW from './locales/zh-TW.js';
import en from './locales/en.js';
import epZhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import epZhTw from 'element-plus/es/locale/lang/zh-tw.mjs';
import epEn from 'element-plus/es/locale/lang/en.mjs';

export const LANGS = [
  { code: 'zh-CN', label: '简体中文', messages: zhCN, ep: epZhCn },
  { code: 'zh-TW', label: '繁體中文', messages: zhTW, ep: epZhTw },
  { code: 'en', label: 'English', messages: en, ep: epEn },
];

function initial() {
  try {
    const saved = localStorage.getItem('duikou.lang');
    if (LANGS.some((l) => l.code === saved)) return saved;
  } catch { /* storage unavailable */ }
  return 'zh-CN';
}

export const lang = ref(initial());
export const epLocale = computed(() => LANGS.find((l) => l.code === lang.value).ep);

/** Switches the language (and remembers it). */
export function setLang(code) {
  if (!LANGS.some((l) => l.code === code)) return;
  lang.value = code;
  document.documentElement.lang = code;
  try { localStorage.setItem('duikou.lang', code); } catch { /* storage unavailable */ }
}

function lookup(messages, key) {
  return key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), messages);
}

/** The message for key ("dash.planned") in the current language, {name} filled from params. */
export function t(key, params = {}) {
  const cur = LANGS.find((l) => l.code === lang.value).messages;
  let s = lookup(cur, key);
  if (typeof s !== 'string') s = lookup(zhCN, key);
  if (typeof s !== 'string') return key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

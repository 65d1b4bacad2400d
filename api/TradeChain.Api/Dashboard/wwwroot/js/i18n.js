// Texts live in per-module dictionaries ({ 'zh-CN': {...}, en: {...} }); this module knows the current language.

export const LANGUAGES = Object.freeze(['zh-CN', 'en']);
export const DEFAULT_LANGUAGE = 'zh-CN';
const STORAGE_KEY = 'tradechain.language';

let current = initialLanguage();
const listeners = new Set();

function initialLanguage() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // Storage can be disabled; the default language still works.
  }
  return DEFAULT_LANGUAGE;
}

export function language() {
  return current;
}

/** Switches the language, remembers it and updates <html lang> so assistive technology reads the right voice. */
export function setLanguage(next) {
  if (!LANGUAGES.includes(next)) throw new Error(`unknown language '${next}'`);
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, still switched.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * t(key, { name: value }) for one module's dictionaries. A missing key is a defect: it is logged as
 * an error (the browser tests fail on console errors) and shown bracketed so it is visible.
 */
export function translator(texts) {
  const dictionary = () => texts[current] ?? texts[DEFAULT_LANGUAGE];
  const t = (key, params) => {
    const text = dictionary()[key];
    if (text === undefined) {
      console.error(`i18n: no text '${key}' in ${current}`);
      return `⟦${key}⟧`;
    }
    return params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;
  };
  // Values the API names (event types, statuses) may grow before the dictionary does: shown as sent, not as a defect.
  t.label = (prefix, value) => dictionary()[`${prefix}.${value}`] ?? String(value);
  return t;
}

/** Keys present in one language and not the other, per direction; both empty when the dictionaries agree. */
export function keyMismatch(texts) {
  const [first, second] = LANGUAGES.map(lang => new Set(Object.keys(texts[lang] ?? {})));
  return {
    [`only-${LANGUAGES[0]}`]: [...first].filter(k => !second.has(k)),
    [`only-${LANGUAGES[1]}`]: [...second].filter(k => !first.has(k)),
  };
}

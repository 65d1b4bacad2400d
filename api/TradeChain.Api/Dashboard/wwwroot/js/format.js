// Numbers, times and durations in the current language.

import { language } from './i18n.js';

const UNITS = {
  'zh-CN': { d: '天', h: '小时', min: '分', s: '秒', sep: '' },
  en: { d: 'd', h: 'h', min: 'min', s: 's', sep: ' ' },
};

/** 93784000 → "1 d 2 h" / "1天2小时": the two largest units, enough to read a wait at a glance. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const units = UNITS[language()] ?? UNITS.en;
  const negative = ms < 0;
  let rest = Math.abs(Math.round(ms / 1000));
  const parts = [];
  for (const [unit, seconds] of [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]]) {
    const count = Math.floor(rest / seconds);
    rest -= count * seconds;
    if (count > 0 || (unit === 's' && parts.length === 0)) parts.push(`${count}${units.sep}${units[unit]}`);
    if (parts.length === 2) break;
  }
  return (negative ? '−' : '') + parts.join(units.sep === '' ? '' : ' ');
}

export function number(value, fractionDigits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(language(), { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
}

export function dateTime(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function date(value) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(language(), { dateStyle: 'medium' }).format(new Date(value));
}

/** yyyy-MM-dd of a Date in UTC, as the API's date parameters take it. */
export function isoDate(value) {
  return value.toISOString().slice(0, 10);
}

/** "PortGate" → "port-gate": how the API names enum values in parameters and the dictionaries key them. */
export function kebab(name) {
  return String(name).replace(/[A-Z]/g, (c, i) => (i > 0 ? '-' : '') + c.toLowerCase());
}

// Small SVG charts (histogram, line/trend, bars) drawn from data, each with a data table beside it for
// screen readers and for anyone who wants the numbers. No library: a few hundred lines we can read.

import { h, uid } from './dom.js';

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 16, bottom: 48, left: 64 };
/** Approximate advance of an axis label's character at 11px: Latin, and CJK (full width). */
const LATIN_CHAR_PX = 6.5;
const WIDE_CHAR_PX = 11;
/** A chart of more categories than this is unreadable; callers aggregate first. */
export const MAX_CATEGORIES = 200;

/**
 * Bars per category.
 * items: [{ label, value, highlight? }]; labels: { caption, category, value, table }; format: value → text
 */
export function barChart({ items, labels, format = String }) {
  const shown = items.slice(0, MAX_CATEGORIES);
  const max = Math.max(0, ...shown.map(i => i.value));
  const { plot, y } = frame(max, format);
  const band = plotWidth() / Math.max(1, shown.length);
  const barWidth = Math.max(2, band * 0.7);
  shown.forEach((item, index) => {
    const x = MARGIN.left + index * band + (band - barWidth) / 2;
    const top = y(item.value);
    plot.append(h('rect', {
      x, y: top, width: barWidth, height: Math.max(0, y(0) - top),
      class: item.highlight ? 'bar bar-highlight' : 'bar',
    }, h('title', {}, `${item.label}: ${format(item.value)}`)));
    if (labelShown(index, shown.length)) plot.append(axisLabel(MARGIN.left + index * band + band / 2, item.label, band * Math.ceil(shown.length / 12)));
  });
  return figure(plot, labels, [labels.category, labels.value], shown.map(i => [i.label, format(i.value)]));
}

/**
 * Counts of values in equal-width bins (a distribution).
 * values: numbers; binCount: bins; formatBin: (from, to) → label; labels as barChart with category = the bin.
 */
export function histogram({ values, binCount = 12, labels, formatBin }) {
  const finite = values.filter(Number.isFinite);
  const items = bins(finite, binCount).map(bin => ({ label: formatBin(bin.from, bin.to), value: bin.count }));
  return barChart({ items, labels, format: count => String(count) });
}

/** Equal-width bins over [min, max]; the last bin includes max. */
export function bins(values, binCount) {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = max === min ? 1 : (max - min) / binCount;
  const result = Array.from({ length: max === min ? 1 : binCount }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, count: 0 }));
  for (const value of values) {
    const index = Math.min(result.length - 1, Math.floor((value - min) / width));
    result[index].count += 1;
  }
  return result;
}

/**
 * One or more series over shared categories (periods).
 * categories: [label]; series: [{ name, values: [number|null] }] aligned with categories; labels: { caption, category, table }
 */
export function lineChart({ categories, series, labels, format = String }) {
  const shown = categories.slice(0, MAX_CATEGORIES);
  const max = Math.max(0, ...series.flatMap(s => s.values.slice(0, shown.length).filter(Number.isFinite)));
  const { plot, y } = frame(max, format);
  const step = plotWidth() / Math.max(1, shown.length);
  const xOf = index => MARGIN.left + index * step + step / 2;
  series.forEach((s, seriesIndex) => {
    const points = s.values.slice(0, shown.length)
      .map((value, index) => (Number.isFinite(value) ? [xOf(index), y(value), value, index] : null))
      .filter(Boolean);
    plot.append(h('polyline', { points: points.map(([px, py]) => `${px},${py}`).join(' '), class: `line series-${seriesIndex % 4}` }));
    for (const [px, py, value, index] of points) {
      plot.append(h('circle', { cx: px, cy: py, r: 3.5, class: `dot series-${seriesIndex % 4}` }, h('title', {}, `${s.name} · ${shown[index]}: ${format(value)}`)));
    }
  });
  shown.forEach((label, index) => {
    if (labelShown(index, shown.length)) plot.append(axisLabel(xOf(index), label, step * Math.ceil(shown.length / 12)));
  });
  const legend = h('ul', { class: 'legend' }, series.map((s, i) => h('li', {}, h('span', { class: `swatch series-${i % 4}`, 'aria-hidden': 'true' }), s.name)));
  const rows = shown.map((label, index) => [label, ...series.map(s => (Number.isFinite(s.values[index]) ? format(s.values[index]) : '—'))]);
  const result = figure(plot, labels, [labels.category, ...series.map(s => s.name)], rows);
  result.insertBefore(legend, result.querySelector('details'));
  return result;
}

/**
 * Several bars per category side by side (p50 beside p90 per port, imports beside exports per day).
 * categories: [label]; series: [{ name, values: [number|null] }] aligned with categories; labels: { caption, category, table }
 */
export function groupedBarChart({ categories, series, labels, format = String }) {
  const shown = categories.slice(0, MAX_CATEGORIES);
  const max = Math.max(0, ...series.flatMap(s => s.values.slice(0, shown.length).filter(Number.isFinite)));
  const { plot, y } = frame(max, format);
  const band = plotWidth() / Math.max(1, shown.length);
  const barWidth = Math.max(1, (band * 0.8) / Math.max(1, series.length));
  shown.forEach((label, index) => {
    const start = MARGIN.left + index * band + band * 0.1;
    series.forEach((s, seriesIndex) => {
      const value = s.values[index];
      if (!Number.isFinite(value)) return;
      const top = y(value);
      plot.append(h('rect', {
        x: start + seriesIndex * barWidth, y: top, width: barWidth, height: Math.max(0, y(0) - top), class: `grouped-bar series-${seriesIndex % 4}`,
      }, h('title', {}, `${s.name} · ${label}: ${format(value)}`)));
    });
    if (labelShown(index, shown.length)) plot.append(axisLabel(MARGIN.left + index * band + band / 2, label, band * Math.ceil(shown.length / 12)));
  });
  const rows = shown.map((label, index) => [label, ...series.map(s => (Number.isFinite(s.values[index]) ? format(s.values[index]) : '—'))]);
  const result = figure(plot, labels, [labels.category, ...series.map(s => s.name)], rows);
  result.insertBefore(legend(series), result.querySelector('details'));
  return result;
}

/**
 * A distribution per category from its order statistics: a whisker from min to max, a box from the
 * median to the 90th percentile, a mark at the median (the API gives percentiles, not raw durations).
 * items: [{ label, min, p50, p90, p95, max }]; labels: { caption, category, table, min, p50, p90, p95, max }
 */
export function rangeChart({ items, labels, format = String }) {
  const shown = items.slice(0, MAX_CATEGORIES);
  const max = Math.max(0, ...shown.map(i => i.max).filter(Number.isFinite));
  const { plot, y } = frame(max, format);
  const band = plotWidth() / Math.max(1, shown.length);
  const boxWidth = Math.max(4, Math.min(48, band * 0.5));
  shown.forEach((item, index) => {
    const centre = MARGIN.left + index * band + band / 2;
    const title = h('title', {}, `${item.label}: ${[['min', item.min], ['p50', item.p50], ['p90', item.p90], ['p95', item.p95], ['max', item.max]].map(([k, v]) => `${labels[k]} ${format(v)}`).join(' · ')}`);
    plot.append(h('g', { class: 'range' }, title,
      h('line', { x1: centre, x2: centre, y1: y(item.max), y2: y(item.min), class: 'range-whisker' }),
      h('line', { x1: centre - boxWidth / 4, x2: centre + boxWidth / 4, y1: y(item.p95), y2: y(item.p95), class: 'range-whisker' }),
      h('rect', { x: centre - boxWidth / 2, y: y(item.p90), width: boxWidth, height: Math.max(1, y(item.p50) - y(item.p90)), class: 'range-box' }),
      h('line', { x1: centre - boxWidth / 2, x2: centre + boxWidth / 2, y1: y(item.p50), y2: y(item.p50), class: 'range-median' })));
    if (labelShown(index, shown.length)) plot.append(axisLabel(centre, item.label, band * Math.ceil(shown.length / 12)));
  });
  const keys = ['min', 'p50', 'p90', 'p95', 'max'];
  return figure(plot, labels, [labels.category, ...keys.map(k => labels[k])], shown.map(i => [i.label, ...keys.map(k => format(i[k]))]));
}

function legend(series) {
  return h('ul', { class: 'legend' }, series.map((s, i) => h('li', {}, h('span', { class: `swatch series-${i % 4}`, 'aria-hidden': 'true' }), s.name)));
}

function plotWidth() {
  return WIDTH - MARGIN.left - MARGIN.right;
}

function frame(max, format) {
  const top = niceCeiling(max);
  const height = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = value => MARGIN.top + height - (top === 0 ? 0 : (value / top) * height);
  const plot = h('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', 'aria-hidden': 'true', focusable: 'false', preserveAspectRatio: 'xMidYMid meet' });
  for (let i = 0; i <= 4; i += 1) {
    const value = (top / 4) * i;
    plot.append(h('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: i === 0 ? 'axis' : 'grid' }));
    plot.append(h('text', { x: MARGIN.left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end' }, format(value)));
  }
  return { plot, y };
}

/** 0, 1, 2, 5 × 10^n at or above the value: round axis ends. */
export function niceCeiling(value) {
  if (!(value > 0)) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Many categories: every n-th axis label only, so at most twelve are written and none overlap. */
function labelShown(index, count) {
  return index % Math.ceil(count / 12) === 0;
}

/** A category label shortened to the room it has on the axis (the table keeps it whole). */
function axisLabel(x, label, roomPx) {
  const chars = Array.from(String(label));
  let width = 0;
  let fit = 0;
  for (const c of chars) {
    width += c.charCodeAt(0) > 0xff ? WIDE_CHAR_PX : LATIN_CHAR_PX;
    if (width > roomPx - 4) break;
    fit += 1;
  }
  const text = fit >= chars.length ? chars.join('') : `${chars.slice(0, Math.max(1, fit - 1)).join('')}…`;
  return h('text', { x, y: HEIGHT - MARGIN.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, text);
}

function figure(plot, labels, headers, rows) {
  const captionId = uid('chart');
  return h('figure', { class: 'chart-figure', 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, labels.caption),
    plot,
    h('details', { class: 'chart-table' },
      h('summary', {}, labels.table),
      h('table', {},
        h('caption', { class: 'sr-only' }, labels.caption),
        h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
        h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))))));
}

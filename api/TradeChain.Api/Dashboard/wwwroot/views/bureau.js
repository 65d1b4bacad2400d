// Clearance KPIs for the commerce bureau (and customs, tax, the regulator): clearance-time percentiles
// as a trend and a distribution per port, p50/p90 per port, mode and direction, border against
// documentary compliance (docs/analytics.md, KpiClock), volumes, cargo in port and SLA breaches with
// drill-down to the shipment's timeline; every section exports in the formats the API offers.
// The filters live in the route (#/bureau?from=…&to=…), so a language switch or a shared link keeps them.

import { append, clear, h, announce } from '../js/dom.js';
import { download, get } from '../js/api.js';
import { groupedBarChart, lineChart, rangeChart } from '../js/chart.js';
import { dateTime, duration, isoDate, number } from '../js/format.js';
import { translator } from '../js/i18n.js';
import { errorBox, field, loadingNote, viewHeading } from '../js/ui.js';
import { texts as shipmentTexts } from './exporter.js';

/** KpiClocks.All in docs/analytics.md's order. */
export const CLOCKS = Object.freeze([
  'customs_clearance', 'overall_import', 'overall_export', 'border_compliance_import', 'border_compliance_export',
  'documentary_compliance_import', 'documentary_compliance_export', 'air_import_rcf_ccd', 'air_import_rcf_dlv',
  'sea_import_arri_rels', 'sea_import_arri_gtot',
]);
const MODES = Object.freeze(['', 'sea', 'air']);
const DIRECTIONS = Object.freeze(['', 'import', 'export']);
const PERIODS = Object.freeze(['day', 'week', 'month']);
const EXPORT_FORMATS = Object.freeze(['csv', 'arrow', 'parquet']);
/** World Bank compliance clocks per direction: the pair the compliance section sets side by side. */
const COMPLIANCE = Object.freeze([
  { direction: 'import', border: 'border_compliance_import', documentary: 'documentary_compliance_import' },
  { direction: 'export', border: 'border_compliance_export', documentary: 'documentary_compliance_export' },
]);
const DEFAULT_RANGE_DAYS = 30;
const DEFAULT_TARGET_HOURS = 48;
/** The API's SLA target bound (90 days). */
const MAX_TARGET_HOURS = 2160;
/** Breaches listed, longest first; the rest are in the export. */
const MAX_BREACH_ROWS = 100;
const DAY_MS = 86_400_000;

export const texts = {
  'zh-CN': {
    heading: '通关时效分析',
    'filter.heading': '筛选条件',
    'filter.from': '起始日期',
    'filter.to': '截止日期（含）',
    'filter.clock': '时效口径',
    'filter.port': '口岸代码',
    'filter.portHint': 'UN/LOCODE，如 CNTSN；留空为全部',
    'filter.mode': '运输方式',
    'filter.direction': '进出口',
    'filter.period': '趋势粒度',
    'filter.target': 'SLA 目标（小时）',
    'filter.apply': '应用',
    'filter.invalidRange': '截止日期不能早于起始日期。',
    'filter.announce': '已更新：{from} 至 {to}',
    'mode.': '全部',
    'mode.sea': '海运',
    'mode.air': '空运',
    'mode.Sea': '海运',
    'mode.Air': '空运',
    'direction.': '全部',
    'direction.import': '进口',
    'direction.export': '出口',
    'direction.Import': '进口',
    'direction.Export': '出口',
    'period.day': '日',
    'period.week': '周',
    'period.month': '月',
    'clock.customs_clearance': '海关通关（受理→放行）',
    'clock.overall_import': '进口整体通关时效',
    'clock.overall_export': '出口整体通关时效',
    'clock.border_compliance_import': '进口边境合规',
    'clock.border_compliance_export': '出口边境合规',
    'clock.documentary_compliance_import': '进口单证合规',
    'clock.documentary_compliance_export': '出口单证合规',
    'clock.air_import_rcf_ccd': '空运进口 RCF→放行',
    'clock.air_import_rcf_dlv': '空运进口 RCF→交付',
    'clock.sea_import_arri_rels': '海运进口 抵港→放行',
    'clock.sea_import_arri_gtot': '海运进口 抵港→出闸',
    'export.label': '导出',
    'export.csv': 'CSV',
    'export.arrow': 'Arrow',
    'export.parquet': 'Parquet',
    'export.busy': '正在导出…',
    'export.done': '已下载 {name}（{bytes} 字节）',
    'kpi.heading': '通关时效',
    'kpi.scope': '{clock} · {from} 至 {to}',
    'kpi.count': '票数',
    'kpi.p50': '中位数 p50',
    'kpi.p90': 'p90',
    'kpi.p95': 'p95',
    'kpi.mean': '平均',
    'kpi.max': '最长',
    'kpi.none': '该范围内没有完成计时的货物。',
    'kpi.truncated': '结果超过行数上限，仅显示部分。',
    'trend.caption': '时效趋势（小时）',
    'trend.period': '周期',
    'dist.caption': '各口岸时效分布（小时）：须线为最短至最长，方框为 p50 至 p90',
    'dist.port': '口岸',
    'mode.caption': '各运输方式 p50 / p90（小时）',
    'direction.caption': '进出口 p50 / p90（小时）',
    'groups.heading': '按口岸、运输方式、进出口',
    'col.port': '口岸',
    'col.mode': '运输方式',
    'col.direction': '进出口',
    'col.count': '票数',
    'col.p50': 'p50（小时）',
    'col.p90': 'p90（小时）',
    'col.p95': 'p95（小时）',
    'col.min': '最短（小时）',
    'col.max': '最长（小时）',
    'table.show': '以表格查看数据',
    'compliance.heading': '边境合规与单证合规',
    'compliance.hint': '世界银行“跨境贸易”口径：边境合规为抵港（进闸）至放行（装载），单证合规为报关单申报至受理。',
    'compliance.caption': '边境合规与单证合规 p50（小时）',
    'compliance.clock': '口径',
    'compliance.border': '边境合规 p50',
    'compliance.documentary': '单证合规 p50',
    'volumes.heading': '业务量',
    'volumes.hint': '按申报日期统计的报关单与舱单；运输方式和进出口筛选在本页应用。',
    'volumes.caption': '报关单数量（进口 / 出口）',
    'volumes.period': '周期',
    'volumes.declarations': '报关单',
    'volumes.manifests': '舱单',
    'volumes.importDeclarations': '进口报关单',
    'volumes.exportDeclarations': '出口报关单',
    'cargo.heading': '在港货物',
    'cargo.at': '截至 {at} 在港的货物单元（集装箱、航空货物）及其滞留时长。',
    'cargo.units': '在港单元',
    'cargo.meanDwell': '平均滞留',
    'cargo.maxDwell': '最长滞留',
    'cargo.caption': '各口岸在港单元',
    'cargo.none': '此时没有在港货物。',
    'sla.heading': 'SLA 超时',
    'sla.hint': '截至 {asOf}，{clock} 超过 {target} 小时的货物（全部口岸），最长的在前；点击单证号查看时间线。',
    'sla.count': '超时票数',
    'sla.shown': '显示前 {shown} 票；完整列表请导出。',
    'sla.none': '没有超时的货物。',
    'sla.reference': '单证号',
    'sla.enterprise': '企业',
    'sla.started': '开始',
    'sla.elapsed': '已用时',
    'sla.over': '超出',
    'sla.waiting': '当前环节',
    'sla.state': '状态',
    'sla.open': '计时中',
    'sla.closed': '已完成',
    'sla.drill': '查看 {reference} 的时间线',
  },
  en: {
    heading: 'Clearance KPIs',
    'filter.heading': 'Filters',
    'filter.from': 'From',
    'filter.to': 'To (inclusive)',
    'filter.clock': 'Clock',
    'filter.port': 'Port',
    'filter.portHint': 'UN/LOCODE such as CNTSN; empty for all',
    'filter.mode': 'Mode',
    'filter.direction': 'Direction',
    'filter.period': 'Trend by',
    'filter.target': 'SLA target (hours)',
    'filter.apply': 'Apply',
    'filter.invalidRange': 'The end date is before the start date.',
    'filter.announce': 'Updated: {from} to {to}',
    'mode.': 'All',
    'mode.sea': 'Sea',
    'mode.air': 'Air',
    'mode.Sea': 'Sea',
    'mode.Air': 'Air',
    'direction.': 'All',
    'direction.import': 'Import',
    'direction.export': 'Export',
    'direction.Import': 'Import',
    'direction.Export': 'Export',
    'period.day': 'Day',
    'period.week': 'Week',
    'period.month': 'Month',
    'clock.customs_clearance': 'Customs clearance (accepted → released)',
    'clock.overall_import': 'Overall import clearance',
    'clock.overall_export': 'Overall export clearance',
    'clock.border_compliance_import': 'Border compliance, import',
    'clock.border_compliance_export': 'Border compliance, export',
    'clock.documentary_compliance_import': 'Documentary compliance, import',
    'clock.documentary_compliance_export': 'Documentary compliance, export',
    'clock.air_import_rcf_ccd': 'Air import RCF → release',
    'clock.air_import_rcf_dlv': 'Air import RCF → delivery',
    'clock.sea_import_arri_rels': 'Sea import arrival → release',
    'clock.sea_import_arri_gtot': 'Sea import arrival → gate-out',
    'export.label': 'Export',
    'export.csv': 'CSV',
    'export.arrow': 'Arrow',
    'export.parquet': 'Parquet',
    'export.busy': 'Exporting…',
    'export.done': 'Downloaded {name} ({bytes} bytes)',
    'kpi.heading': 'Clearance time',
    'kpi.scope': '{clock} · {from} to {to}',
    'kpi.count': 'Shipments',
    'kpi.p50': 'Median p50',
    'kpi.p90': 'p90',
    'kpi.p95': 'p95',
    'kpi.mean': 'Mean',
    'kpi.max': 'Longest',
    'kpi.none': 'No shipment finished this clock in the range.',
    'kpi.truncated': 'The answer hit the row limit; only part is shown.',
    'trend.caption': 'Clearance time trend (hours)',
    'trend.period': 'Period',
    'dist.caption': 'Distribution per port (hours): whisker from shortest to longest, box from p50 to p90',
    'dist.port': 'Port',
    'mode.caption': 'p50 / p90 per mode (hours)',
    'direction.caption': 'p50 / p90 per direction (hours)',
    'groups.heading': 'Per port, mode and direction',
    'col.port': 'Port',
    'col.mode': 'Mode',
    'col.direction': 'Direction',
    'col.count': 'Shipments',
    'col.p50': 'p50 (h)',
    'col.p90': 'p90 (h)',
    'col.p95': 'p95 (h)',
    'col.min': 'shortest (h)',
    'col.max': 'longest (h)',
    'table.show': 'Show the data as a table',
    'compliance.heading': 'Border and documentary compliance',
    'compliance.hint': 'World Bank "Trading across Borders": border compliance runs from arrival (gate-in) to release (loading), documentary compliance from the declaration filed to its acceptance.',
    'compliance.caption': 'Border against documentary compliance, p50 (hours)',
    'compliance.clock': 'Clock',
    'compliance.border': 'Border compliance p50',
    'compliance.documentary': 'Documentary compliance p50',
    'volumes.heading': 'Volumes',
    'volumes.hint': 'Declarations and manifests by filing date; the mode and direction filters are applied on this page.',
    'volumes.caption': 'Declarations (import / export)',
    'volumes.period': 'Period',
    'volumes.declarations': 'Declarations',
    'volumes.manifests': 'Manifests',
    'volumes.importDeclarations': 'Import declarations',
    'volumes.exportDeclarations': 'Export declarations',
    'cargo.heading': 'Cargo in port',
    'cargo.at': 'Cargo units (containers, air cargo) in port at {at}, with how long they have dwelt.',
    'cargo.units': 'Units in port',
    'cargo.meanDwell': 'Mean dwell',
    'cargo.maxDwell': 'Longest dwell',
    'cargo.caption': 'Units in port per port',
    'cargo.none': 'No cargo in port at that time.',
    'sla.heading': 'SLA breaches',
    'sla.hint': 'Shipments past {target} hours on {clock} as of {asOf} (all ports), longest first; a reference opens its timeline.',
    'sla.count': 'Breaches',
    'sla.shown': 'The first {shown} are listed; export for the whole list.',
    'sla.none': 'No shipment is over the target.',
    'sla.reference': 'Reference',
    'sla.enterprise': 'Enterprise',
    'sla.started': 'Started',
    'sla.elapsed': 'Elapsed',
    'sla.over': 'Over by',
    'sla.waiting': 'Waiting at',
    'sla.state': 'State',
    'sla.open': 'running',
    'sla.closed': 'finished',
    'sla.drill': 'Open the timeline of {reference}',
  },
};

/** Event type names come from the shipment view's dictionary, so a milestone reads the same in both views. */
const shipmentT = translator(shipmentTexts);

/** The filters as the route holds them, completed with defaults: the last 30 days up to today, customs clearance. */
export function filtersOf(params, now = new Date()) {
  const today = utcDate(now);
  const pick = (name, allowed, fallback) => (allowed.includes(params.get(name) ?? '') ? params.get(name) ?? '' : fallback);
  const target = Number(params.get('target'));
  return {
    from: validDate(params.get('from')) ?? isoDay(today.getTime() - DEFAULT_RANGE_DAYS * DAY_MS),
    to: validDate(params.get('to')) ?? isoDay(today.getTime()),
    clock: pick('clock', CLOCKS, CLOCKS[0]),
    port: /^[A-Z0-9]{5}$/.test(params.get('port') ?? '') ? params.get('port') : '',
    mode: pick('mode', MODES, ''),
    direction: pick('direction', DIRECTIONS, ''),
    period: pick('period', PERIODS, 'day'),
    target: Number.isFinite(target) && target > 0 && target <= MAX_TARGET_HOURS ? target : DEFAULT_TARGET_HOURS,
  };
}

/**
 * The API's parameters for the filters: `to` is exclusive there, so the inclusive end date moves a day
 * on; cargo in port and breaches are taken at the end of the range, or now if that is still ahead.
 */
export function apiWindow(filters, now = new Date()) {
  const end = Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS;
  return { from: filters.from, to: isoDay(end), at: new Date(Math.min(end, now.getTime())).toISOString() };
}

export function render(container, { t, params, navigate }) {
  let stopped = false;
  const filters = filtersOf(params);
  const span = apiWindow(filters);
  const hoursText = ms => number(ms / 3_600_000, 1);
  const context = { t, filters, span, hoursText, isStopped: () => stopped };
  container.append(viewHeading(t('heading')), filterForm(filters, t, navigate));
  const sections = [kpiSection, complianceSection, volumeSection, cargoSection, slaSection].map(build => build(context));
  container.append(...sections.map(s => s.element));
  Promise.allSettled(sections.map(s => s.loaded)).then(() => {
    if (!stopped) announce(t('filter.announce', { from: filters.from, to: filters.to }));
  });
  return () => { stopped = true; };
}

function filterForm(filters, t, navigate) {
  const from = h('input', { type: 'date', name: 'from', value: filters.from, required: true });
  const to = h('input', { type: 'date', name: 'to', value: filters.to, required: true });
  const select = (name, values, current, prefix) => h('select', { name }, values.map(v => h('option', { value: v, selected: v === current }, t(`${prefix}.${v}`))));
  const clock = select('clock', CLOCKS, filters.clock, 'clock');
  const mode = select('mode', MODES, filters.mode, 'mode');
  const direction = select('direction', DIRECTIONS, filters.direction, 'direction');
  const period = select('period', PERIODS, filters.period, 'period');
  const port = h('input', { type: 'text', name: 'port', value: filters.port, maxlength: 5, pattern: '[A-Za-z0-9]{5}', autocomplete: 'off', spellcheck: 'false' });
  const target = h('input', { type: 'number', name: 'target', value: filters.target, min: 1, max: MAX_TARGET_HOURS, step: 1, required: true });
  const message = h('p', { class: 'error', role: 'alert' });
  return h('form', { class: 'card', 'aria-labelledby': 'bureau-filters', onsubmit: event => {
    event.preventDefault();
    if (to.value < from.value) {
      message.textContent = t('filter.invalidRange');
      return;
    }
    navigate('bureau', {
      from: from.value, to: to.value, clock: clock.value, port: port.value.trim().toUpperCase(),
      mode: mode.value, direction: direction.value, period: period.value, target: target.value,
    });
  } },
  h('h2', { id: 'bureau-filters', class: 'sr-only' }, t('filter.heading')),
  h('div', { class: 'filters' },
    field(t('filter.from'), from), field(t('filter.to'), to), field(t('filter.clock'), clock),
    field(t('filter.port'), port, t('filter.portHint')), field(t('filter.mode'), mode), field(t('filter.direction'), direction),
    field(t('filter.period'), period), field(t('filter.target'), target),
    h('button', { type: 'submit', class: 'primary' }, t('filter.apply'))),
  message);
}

/** A card with a heading, export buttons and a body filled by load() (its error shown in place: one section failing leaves the others). */
function section(name, context, { exportPath, exportParams }, load) {
  const { t } = context;
  const headingId = `bureau-${name}`;
  const body = h('div', { class: 'section-body', 'aria-live': 'polite' }, loadingNote());
  const exportResult = h('span', { class: 'export-result', role: 'status' });
  const exports = exportPath ? h('div', { class: 'exports', role: 'group', 'aria-label': `${t('export.label')}: ${t(`${name}.heading`)}` },
    h('span', { 'aria-hidden': 'true' }, `${t('export.label')}:`),
    EXPORT_FORMATS.map(format => h('button', { type: 'button', dataset: { export: format }, onclick: async () => {
      exportResult.textContent = t('export.busy');
      try {
        const file = await download(exportPath, { ...exportParams, format }, `${name}.${format}`);
        exportResult.textContent = t('export.done', { name: file.name, bytes: file.bytes });
      } catch (error) {
        exportResult.replaceChildren(errorBox(error));
      }
    } }, t(`export.${format}`))),
    exportResult) : null;
  const element = h('section', { class: 'card', 'aria-labelledby': headingId, dataset: { section: name, range: `${context.filters.from}/${context.filters.to}` } },
    h('div', { class: 'section-head' }, h('h2', { id: headingId }, t(`${name}.heading`)), exports),
    body);
  const loaded = (async () => {
    try {
      const content = await load();
      if (!context.isStopped()) append(clear(body), [content]);
    } catch (error) {
      if (!context.isStopped()) clear(body).append(errorBox(error));
    }
  })();
  return { element, loaded };
}

function kpiParams(filters, span) {
  return { clock: filters.clock, from: span.from, to: span.to, port: filters.port, mode: filters.mode, direction: filters.direction };
}

function kpiSection(context) {
  const { t, filters, span, hoursText } = context;
  const base = kpiParams(filters, span);
  const groupsQuery = { ...base, groupBy: 'port,mode,direction' };
  return section('kpi', context, { exportPath: '/kpis', exportParams: groupsQuery }, async () => {
    const [overall, trend, ports, modes, directions, groups] = await Promise.all([
      get('/kpis', base),
      get('/kpis', { ...base, groupBy: 'period', period: filters.period }),
      get('/kpis', { ...base, groupBy: 'port' }),
      get('/kpis', { ...base, groupBy: 'mode' }),
      get('/kpis', { ...base, groupBy: 'direction' }),
      get('/kpis', groupsQuery),
    ]);
    const scope = h('p', { class: 'hint' }, t('kpi.scope', { clock: t(`clock.${filters.clock}`), from: filters.from, to: filters.to }));
    const total = overall.rows[0];
    if (!total || total.count === 0) return [scope, h('p', { class: 'notice', dataset: { empty: 'kpi' } }, t('kpi.none'))];
    const fact = (key, text, ms) => h('div', {}, h('dt', {}, t(`kpi.${key}`)), h('dd', { dataset: { kpi: key, value: String(ms) } }, text));
    const percentiles = { caption: '', category: '', table: t('table.show') };
    const byPeriod = [...trend.rows].sort((a, b) => a.period.localeCompare(b.period));
    const p5090 = [{ name: t('kpi.p50'), key: 'p50Ms' }, { name: t('kpi.p90'), key: 'p90Ms' }];
    const seriesOf = rows => p5090.map(s => ({ name: s.name, values: rows.map(r => r[s.key] / 3_600_000) }));
    const chartFormat = value => number(value, 1);
    return [
      scope,
      h('dl', { class: 'facts' },
        fact('count', number(total.count), total.count),
        fact('p50', duration(total.p50Ms), total.p50Ms),
        fact('p90', duration(total.p90Ms), total.p90Ms),
        fact('p95', duration(total.p95Ms), total.p95Ms),
        fact('mean', duration(total.meanMs), Math.round(total.meanMs)),
        fact('max', duration(total.maxMs), total.maxMs)),
      [overall, trend, ports, modes, directions, groups].some(r => r.truncated) ? h('p', { class: 'notice' }, t('kpi.truncated')) : null,
      h('div', { class: 'chart-grid' },
        lineChart({ categories: byPeriod.map(r => r.period), series: seriesOf(byPeriod), format: chartFormat,
          labels: { ...percentiles, caption: t('trend.caption'), category: t('trend.period') } }),
        rangeChart({
          items: ports.rows.map(r => ({ label: r.port, min: r.minMs / 3_600_000, p50: r.p50Ms / 3_600_000, p90: r.p90Ms / 3_600_000, p95: r.p95Ms / 3_600_000, max: r.maxMs / 3_600_000 })),
          format: chartFormat,
          labels: { caption: t('dist.caption'), category: t('dist.port'), table: t('table.show'), min: t('col.min'), p50: t('col.p50'), p90: t('col.p90'), p95: t('col.p95'), max: t('col.max') },
        }),
        groupedBarChart({ categories: modes.rows.map(r => t.label('mode', r.mode)), series: seriesOf(modes.rows), format: chartFormat,
          labels: { ...percentiles, caption: t('mode.caption'), category: t('col.mode') } }),
        groupedBarChart({ categories: directions.rows.map(r => t.label('direction', r.direction)), series: seriesOf(directions.rows), format: chartFormat,
          labels: { ...percentiles, caption: t('direction.caption'), category: t('col.direction') } })),
      h('h3', {}, t('groups.heading')),
      table([t('col.port'), t('col.mode'), t('col.direction'), t('col.count'), t('col.p50'), t('col.p90'), t('col.p95')], groups.rows.map(r => ({
        dataset: { group: `${r.port}|${r.mode ?? ''}|${r.direction ?? ''}`, p50: String(r.p50Ms), p90: String(r.p90Ms), count: String(r.count) },
        cells: [r.port, t.label('mode', r.mode ?? ''), t.label('direction', r.direction ?? ''), num(number(r.count)), num(hoursText(r.p50Ms)), num(hoursText(r.p90Ms)), num(hoursText(r.p95Ms))],
      })), 'kpi-groups'),
    ];
  });
}

function complianceSection(context) {
  const { t, filters, span, hoursText } = context;
  return section('compliance', context, {}, async () => {
    const params = { from: span.from, to: span.to, port: filters.port, mode: filters.mode };
    const answers = await Promise.all(COMPLIANCE.flatMap(c => [c.border, c.documentary]).map(clock => get('/kpis', { ...params, clock })));
    const byClock = new Map(COMPLIANCE.flatMap(c => [c.border, c.documentary]).map((clock, i) => [clock, answers[i].rows[0] ?? null]));
    const p50Hours = clock => (byClock.get(clock)?.count ? byClock.get(clock).p50Ms / 3_600_000 : null);
    return [
      h('p', { class: 'hint' }, t('compliance.hint')),
      groupedBarChart({
        categories: COMPLIANCE.map(c => t(`direction.${c.direction}`)),
        series: [
          { name: t('compliance.border'), values: COMPLIANCE.map(c => p50Hours(c.border)) },
          { name: t('compliance.documentary'), values: COMPLIANCE.map(c => p50Hours(c.documentary)) },
        ],
        format: value => number(value, 1),
        labels: { caption: t('compliance.caption'), category: t('col.direction'), table: t('table.show') },
      }),
      table([t('compliance.clock'), t('col.count'), t('col.p50'), t('col.p90')], [...byClock].map(([clock, row]) => ({
        dataset: { clock, count: String(row?.count ?? 0), p50: String(row?.p50Ms ?? '') },
        cells: [t(`clock.${clock}`), num(number(row?.count ?? 0)), num(row?.count ? hoursText(row.p50Ms) : '—'), num(row?.count ? hoursText(row.p90Ms) : '—')],
      })), 'compliance'),
    ];
  });
}

/** Volume rows summed per period and direction, keeping only the chosen mode and direction (the endpoint has no such filters). */
export function volumesByPeriod(rows, { mode, direction }) {
  const kept = rows.filter(r => (!mode || r.mode?.toLowerCase() === mode) && (!direction || r.direction?.toLowerCase() === direction));
  const periods = new Map();
  for (const r of kept) {
    const entry = periods.get(r.period) ?? { period: r.period, import: 0, export: 0, declarations: 0, manifests: 0 };
    const side = r.direction?.toLowerCase();
    if (side === 'import' || side === 'export') entry[side] += r.declarations;
    entry.declarations += r.declarations;
    entry.manifests += r.manifests;
    periods.set(r.period, entry);
  }
  return [...periods.values()].sort((a, b) => a.period.localeCompare(b.period));
}

function volumeSection(context) {
  const { t, filters, span } = context;
  const params = { from: span.from, to: span.to, period: filters.period, port: filters.port };
  return section('volumes', context, { exportPath: '/volumes', exportParams: params }, async () => {
    const answer = await get('/volumes', params);
    const periods = volumesByPeriod(answer.rows, filters);
    const sum = key => periods.reduce((total, p) => total + p[key], 0);
    const fact = (key, value) => h('div', {}, h('dt', {}, t(`volumes.${key}`)), h('dd', { dataset: { volume: key, value: String(value) } }, number(value)));
    return [
      h('p', { class: 'hint' }, t('volumes.hint')),
      h('dl', { class: 'facts' }, fact('declarations', sum('declarations')), fact('importDeclarations', sum('import')), fact('exportDeclarations', sum('export')), fact('manifests', sum('manifests'))),
      groupedBarChart({
        categories: periods.map(p => p.period),
        series: [{ name: t('direction.import'), values: periods.map(p => p.import) }, { name: t('direction.export'), values: periods.map(p => p.export) }],
        format: value => number(value),
        labels: { caption: t('volumes.caption'), category: t('volumes.period'), table: t('table.show') },
      }),
    ];
  });
}

/** Cargo rows (per port, mode, direction and enterprise) summed over enterprises, keeping the chosen mode and direction. */
export function cargoByPort(rows, { mode, direction }) {
  const groups = new Map();
  for (const r of rows) {
    if ((mode && r.mode?.toLowerCase() !== mode) || (direction && r.direction?.toLowerCase() !== direction)) continue;
    const key = `${r.port}|${r.mode ?? ''}|${r.direction ?? ''}`;
    const entry = groups.get(key) ?? { key, port: r.port, mode: r.mode, direction: r.direction, units: 0, totalDwellMs: 0, maxDwellMs: 0 };
    entry.units += r.units;
    entry.totalDwellMs += r.totalDwellMs;
    entry.maxDwellMs = Math.max(entry.maxDwellMs, r.maxDwellMs);
    groups.set(key, entry);
  }
  return [...groups.values()].sort((a, b) => b.units - a.units || a.key.localeCompare(b.key));
}

function cargoSection(context) {
  const { t, filters, span } = context;
  const params = { at: span.at, port: filters.port };
  return section('cargo', context, { exportPath: '/cargo-in-port', exportParams: params }, async () => {
    const answer = await get('/cargo-in-port', params);
    const groups = cargoByPort(answer.rows, filters);
    const units = groups.reduce((total, g) => total + g.units, 0);
    const intro = h('p', { class: 'hint' }, t('cargo.at', { at: dateTime(span.at) }));
    if (groups.length === 0) return [intro, h('p', { class: 'notice', dataset: { empty: 'cargo' } }, t('cargo.none'))];
    const perPort = new Map();
    for (const g of groups) perPort.set(g.port, (perPort.get(g.port) ?? 0) + g.units);
    return [
      intro,
      h('dl', { class: 'facts' }, h('div', {}, h('dt', {}, t('cargo.units')), h('dd', { dataset: { cargo: 'units', value: String(units) } }, number(units)))),
      groupedBarChart({
        categories: [...perPort.keys()], series: [{ name: t('cargo.units'), values: [...perPort.values()] }], format: value => number(value),
        labels: { caption: t('cargo.caption'), category: t('col.port'), table: t('table.show') },
      }),
      table([t('col.port'), t('col.mode'), t('col.direction'), t('cargo.units'), t('cargo.meanDwell'), t('cargo.maxDwell')], groups.map(g => ({
        dataset: { group: g.key, units: String(g.units) },
        cells: [g.port, t.label('mode', g.mode ?? ''), t.label('direction', g.direction ?? ''), num(number(g.units)), num(duration(g.totalDwellMs / g.units)), num(duration(g.maxDwellMs))],
      })), 'cargo'),
    ];
  });
}

function slaSection(context) {
  const { t, filters, span } = context;
  const params = { clock: filters.clock, targetHours: filters.target, asOf: span.at };
  return section('sla', context, { exportPath: '/sla-breaches', exportParams: params }, async () => {
    const answer = await get('/sla-breaches', { ...params, maxRows: MAX_BREACH_ROWS });
    const intro = h('p', { class: 'hint' }, t('sla.hint', { target: filters.target, clock: t(`clock.${filters.clock}`), asOf: dateTime(span.at) }));
    if (answer.rows.length === 0) return [intro, h('p', { class: 'notice', dataset: { empty: 'sla' } }, t('sla.none'))];
    return [
      intro,
      h('dl', { class: 'facts' }, h('div', {}, h('dt', {}, t('sla.count')), h('dd', { dataset: { sla: 'count', value: String(answer.rows.length) } }, number(answer.rows.length)))),
      answer.truncated ? h('p', { class: 'notice' }, t('sla.shown', { shown: answer.rows.length })) : null,
      table([t('sla.reference'), t('col.port'), t('col.mode'), t('col.direction'), t('sla.enterprise'), t('sla.started'), t('sla.elapsed'), t('sla.over'), t('sla.waiting'), t('sla.state')],
        answer.rows.map(r => ({
          dataset: { reference: r.reference, elapsed: String(r.elapsedMs), waiting: r.waitingAfter },
          className: r.open ? 'breach-open' : null,
          cells: [
            h('a', { href: `#/shipments?${new URLSearchParams({ ref: r.reference })}`, class: 'mono', 'aria-label': t('sla.drill', { reference: r.reference }), dataset: { drill: r.reference } }, r.reference),
            r.port, t.label('mode', r.mode ?? ''), t.label('direction', r.direction ?? ''), h('span', { class: 'mono' }, r.enterprise || '—'),
            dateTime(r.startedAt), num(duration(r.elapsedMs)), num(duration(r.overByMs)),
            [shipmentT.label('event', r.waitingAfter), r.waitingAt ? ` · ${r.waitingAt}` : '', r.waitingStatus ? ` (${shipmentT.label('status', r.waitingStatus)})` : ''],
            r.open ? t('sla.open') : t('sla.closed'),
          ],
        })), 'sla'),
    ];
  });
}

function num(text) {
  return { numeric: true, text };
}

/** A data table; rows: [{ cells, dataset?, className? }], a cell is text, a node, or num(text) for a right-aligned figure. */
function table(headers, rows, name) {
  return h('div', { class: 'table-wrap' }, h('table', { dataset: { table: name } },
    h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map(row => h('tr', { dataset: row.dataset, class: row.className ?? null },
      row.cells.map((cell, i) => {
        const numeric = cell?.numeric === true;
        const content = numeric ? cell.text : cell;
        return i === 0 ? h('th', { scope: 'row' }, content) : h('td', { class: numeric ? 'num' : null }, content);
      }))))));
}

function utcDate(now) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function isoDay(ms) {
  return isoDate(new Date(ms));
}

function validDate(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text ?? '') && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? text : null;
}

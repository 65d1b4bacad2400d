// Shipment tracking (exporters, importers and the authorities that may read shipments): search by any
// reference, the milestone timeline with waits and anomalies, a "verified on ledger" badge per
// milestone whose proof is checked in this browser, and notification subscriptions.
// This module is the pattern for the other views: its own dictionary, render(container, context),
// data from the API client only, a cleanup function that stops background work.

import { clear, h, announce } from '../js/dom.js';
import { del, get, post } from '../js/api.js';
import { barChart } from '../js/chart.js';
import { dateTime, duration, kebab } from '../js/format.js';
import { verifyEventProof } from '../js/proof.js';
import { errorBox, field, loadingNote, viewHeading } from '../js/ui.js';

/** Milestones whose proofs are checked as soon as the timeline shows; the rest on request. */
const MAX_AUTO_VERIFIED = 200;
/** One page of the events endpoint: enough for a shipment's milestones (the API's maximum). */
const EVENTS_PAGE_LIMIT = 500;
const KINDS = ['', 'declaration', 'master-bill', 'house-bill', 'container'];
/** Milestones offered as notification filters: the ones a trader waits for. */
const NOTIFY_EVENT_TYPES = ['DeclarationAccepted', 'InspectionOrdered', 'Held', 'Released', 'Refused', 'GateIn', 'GateOut', 'Loaded', 'Departed', 'Arrived', 'Delivered'];
/** Deliveries shown per subscription when its log is opened. */
const DELIVERIES_PAGE_LIMIT = 20;

export const texts = {
  'zh-CN': {
    heading: '货物追踪',
    'search.label': '单证号码',
    'search.hint': '报关单号、主单号、分单号或集装箱号',
    'search.kind': '类型',
    'kind.': '自动识别',
    'kind.declaration': '报关单',
    'kind.master-bill': '主提单/主运单',
    'kind.house-bill': '分提单/分运单',
    'kind.container': '集装箱',
    'search.submit': '查询',
    'search.prompt': '输入任一单证号码查看货物状态、时间线和链上证明。',
    'summary.heading': '货物概况',
    'summary.reference': '单证号码',
    'summary.kind': '类型',
    'summary.status': '当前状态',
    'summary.events': '可见事件',
    'summary.elapsed': '总耗时',
    'summary.longestWait': '最长等待',
    'summary.longestWaitValue': '{duration}（{from} → {to}）',
    'summary.anomalies': '异常',
    'summary.noAnomalies': '无',
    'summary.truncated': '该单证事件过多，仅显示前 {count} 条。',
    'summary.verified': '链上验证：{verified}/{total} 个环节已验证',
    'summary.withheld': '，{withheld} 个环节的证明含您的角色无权查看的内容，不予提供',
    'waits.caption': '各环节等待时长（小时）',
    'waits.step': '环节',
    'waits.hours': '小时',
    'waits.table': '以表格查看数据',
    'timeline.heading': '时间线',
    'timeline.waited': '等待 {duration}',
    'timeline.longest': '最长等待',
    'timeline.at': '地点：{place}',
    'timeline.status': '状态：{status}',
    'timeline.newAnomaly': '异常：{flags}',
    'badge.pending': '待验证',
    'badge.checking': '验证中…',
    'badge.verified': '已上链验证',
    'badge.failed': '验证失败',
    'badge.withheld': '证明不可见',
    'badge.verify': '验证',
    'badge.details': '验证详情',
    'badge.failedStep': '未通过：{step}',
    'check.leaf-hash': '事件哈希',
    'check.event-redacted': '事件已脱敏',
    'check.leaf-count': '批次事件数',
    'check.merkle-path': 'Merkle 路径至签名根',
    'check.batch-signature': '批次签名',
    'check.format': '证明格式',
    'check.readable': '证明可读',
    'check.hash-available': '哈希算法可用',
    'check.where': '以上均在本浏览器中计算；区块提交证书由节点和 tradechain verify-event 校验。',
    'subscribe.heading': '订阅通知',
    'subscribe.intro': '有新的链上事件时，系统会向您的地址发送带签名的 HTTPS 通知。',
    'subscribe.url': '接收地址（https://…）',
    'subscribe.onlyThis': '仅此单证：{reference}',
    'subscribe.types': '事件类型（不选则全部）',
    'subscribe.submit': '订阅',
    'subscribe.created': '已创建订阅 {id}。签名密钥只显示这一次，请妥善保存：',
    'subscribe.none': '尚无订阅。',
    'subscribe.list': '我的订阅',
    'subscribe.id': '编号',
    'subscribe.target': '地址',
    'subscribe.filter': '条件',
    'subscribe.created.at': '创建时间',
    'subscribe.actions': '操作',
    'subscribe.everything': '全部可见事件',
    'subscribe.delete': '删除',
    'subscribe.deleteLabel': '删除订阅 {id}',
    'subscribe.deleted': '已删除订阅 {id}',
    'subscribe.deliveries': '投递记录',
    'subscribe.noDeliveries': '尚无投递。',
    'delivery.event': '事件',
    'delivery.state': '状态',
    'delivery.attempts': '尝试次数',
    'delivery.last': '最近结果',
    'delivery.Pending': '待投递',
    'delivery.Delivered': '已送达',
    'delivery.Failed': '失败',
    'status.Booked': '已订舱',
    'status.Manifested': '已申报舱单',
    'status.Received': '已收货',
    'status.GatedIn': '已进闸',
    'status.Loaded': '已装载',
    'status.Departed': '已离港',
    'status.Arrived': '已抵港',
    'status.Discharged': '已卸货',
    'status.Declared': '已报关',
    'status.UnderInspection': '查验中',
    'status.Held': '扣留',
    'status.Released': '已放行',
    'status.Refused': '不予放行',
    'status.GatedOut': '已出闸',
    'status.Delivered': '已交付',
    'event.ManifestFiled': '舱单申报',
    'event.ManifestAmended': '舱单修改',
    'event.BookingConfirmed': '订舱确认',
    'event.TransportDocumentIssued': '运输单证签发',
    'event.TransportDocumentSurrendered': '运输单证交回',
    'event.PickedUp': '提货',
    'event.OnHand': '货物在库',
    'event.Received': '收货',
    'event.Stuffed': '装箱',
    'event.PreparedForLoading': '备装',
    'event.Loaded': '装载',
    'event.Departed': '离港',
    'event.Arrived': '抵港',
    'event.Discharged': '卸货',
    'event.ReceivedFromFlight': '航班卸货入库',
    'event.TransferredToCarrier': '交承运人',
    'event.ReceivedFromCarrier': '自承运人接收',
    'event.Stripped': '拆箱',
    'event.NotifiedForDelivery': '到货通知',
    'event.DocumentsDelivered': '单证交付',
    'event.Delivered': '交付',
    'event.DeliveredToDoor': '送货上门',
    'event.DiscrepancyReported': '差异报告',
    'event.ReportedToCustoms': '向海关申报',
    'event.DeclarationFiled': '报关单申报',
    'event.DeclarationAccepted': '报关单受理',
    'event.DeclarationRejected': '报关单退单',
    'event.DocumentsRequested': '要求补充单证',
    'event.InspectionOrdered': '布控查验',
    'event.Inspected': '查验完成',
    'event.Held': '扣留',
    'event.Released': '海关放行',
    'event.Refused': '不予放行',
    'event.TransferredToCustomsControl': '转关监管',
    'event.GateIn': '进闸',
    'event.GateOut': '出闸',
    'event.TaxAssessed': '税款核定',
    'event.TaxPaid': '税款缴纳',
    'event.ExportRefundFiled': '出口退税申报',
    'event.ExportRefundApproved': '出口退税审批',
    'event.ExportRefundPaid': '出口退税到账',
    'flag.GateOutBeforeRelease': '放行前出闸',
    'flag.DeliveredBeforeRelease': '放行前交付',
    'flag.DuplicateRelease': '重复放行',
    'flag.DischargeBeforeArrival': '抵港前卸货',
    'flag.LoadedBeforeRelease': '放行前装载',
    'flag.ReleasedAfterRefusal': '不予放行后又放行',
  },
  en: {
    heading: 'Shipment tracking',
    'search.label': 'Reference',
    'search.hint': 'Declaration number, master or house bill, or container number',
    'search.kind': 'Kind',
    'kind.': 'Any',
    'kind.declaration': 'Declaration',
    'kind.master-bill': 'Master bill',
    'kind.house-bill': 'House bill',
    'kind.container': 'Container',
    'search.submit': 'Search',
    'search.prompt': 'Enter any reference to see the shipment\'s status, timeline and ledger proofs.',
    'summary.heading': 'Shipment',
    'summary.reference': 'Reference',
    'summary.kind': 'Kind',
    'summary.status': 'Current status',
    'summary.events': 'Visible events',
    'summary.elapsed': 'Elapsed',
    'summary.longestWait': 'Longest wait',
    'summary.longestWaitValue': '{duration} ({from} → {to})',
    'summary.anomalies': 'Anomalies',
    'summary.noAnomalies': 'none',
    'summary.truncated': 'This reference has more events than shown; the first {count} are listed.',
    'summary.verified': 'Ledger check: {verified} of {total} milestones verified',
    'summary.withheld': '; the proofs of {withheld} hold details your role may not see and are withheld',
    'waits.caption': 'Wait before each milestone (hours)',
    'waits.step': 'Milestone',
    'waits.hours': 'Hours',
    'waits.table': 'Show the data as a table',
    'timeline.heading': 'Timeline',
    'timeline.waited': 'waited {duration}',
    'timeline.longest': 'longest wait',
    'timeline.at': 'at {place}',
    'timeline.status': 'status: {status}',
    'timeline.newAnomaly': 'anomaly: {flags}',
    'badge.pending': 'not checked yet',
    'badge.checking': 'checking…',
    'badge.verified': 'verified on ledger',
    'badge.failed': 'verification failed',
    'badge.withheld': 'proof withheld',
    'badge.verify': 'Verify',
    'badge.details': 'How it was checked',
    'badge.failedStep': 'failed: {step}',
    'check.leaf-hash': 'event hash',
    'check.event-redacted': 'event redacted',
    'check.leaf-count': 'batch event count',
    'check.merkle-path': 'Merkle path to the signed root',
    'check.batch-signature': 'batch signature',
    'check.format': 'proof format',
    'check.readable': 'proof readable',
    'check.hash-available': 'hash available',
    'check.where': 'All computed in this browser; the block\'s commit certificate is checked by the nodes and by tradechain verify-event.',
    'subscribe.heading': 'Notifications',
    'subscribe.intro': 'When new events are committed, the ledger sends a signed HTTPS notification to your address.',
    'subscribe.url': 'Receiving URL (https://…)',
    'subscribe.onlyThis': 'Only this reference: {reference}',
    'subscribe.types': 'Event types (none: all)',
    'subscribe.submit': 'Subscribe',
    'subscribe.created': 'Subscription {id} created. Its signing secret is shown this once; store it:',
    'subscribe.none': 'No subscriptions yet.',
    'subscribe.list': 'My subscriptions',
    'subscribe.id': 'Id',
    'subscribe.target': 'URL',
    'subscribe.filter': 'Filter',
    'subscribe.created.at': 'Created',
    'subscribe.actions': 'Actions',
    'subscribe.everything': 'every event you may see',
    'subscribe.delete': 'Delete',
    'subscribe.deleteLabel': 'Delete subscription {id}',
    'subscribe.deleted': 'Subscription {id} deleted',
    'subscribe.deliveries': 'Deliveries',
    'subscribe.noDeliveries': 'No deliveries yet.',
    'delivery.event': 'Event',
    'delivery.state': 'State',
    'delivery.attempts': 'Attempts',
    'delivery.last': 'Last answer',
    'delivery.Pending': 'pending',
    'delivery.Delivered': 'delivered',
    'delivery.Failed': 'failed',
    'status.Booked': 'Booked',
    'status.Manifested': 'Manifested',
    'status.Received': 'Received',
    'status.GatedIn': 'Gated in',
    'status.Loaded': 'Loaded',
    'status.Departed': 'Departed',
    'status.Arrived': 'Arrived',
    'status.Discharged': 'Discharged',
    'status.Declared': 'Declared',
    'status.UnderInspection': 'Under inspection',
    'status.Held': 'Held',
    'status.Released': 'Released',
    'status.Refused': 'Refused',
    'status.GatedOut': 'Gated out',
    'status.Delivered': 'Delivered',
    'event.ManifestFiled': 'Manifest filed',
    'event.ManifestAmended': 'Manifest amended',
    'event.BookingConfirmed': 'Booking confirmed',
    'event.TransportDocumentIssued': 'Transport document issued',
    'event.TransportDocumentSurrendered': 'Transport document surrendered',
    'event.PickedUp': 'Picked up',
    'event.OnHand': 'On hand',
    'event.Received': 'Received',
    'event.Stuffed': 'Stuffed',
    'event.PreparedForLoading': 'Prepared for loading',
    'event.Loaded': 'Loaded',
    'event.Departed': 'Departed',
    'event.Arrived': 'Arrived',
    'event.Discharged': 'Discharged',
    'event.ReceivedFromFlight': 'Received from flight',
    'event.TransferredToCarrier': 'Transferred to carrier',
    'event.ReceivedFromCarrier': 'Received from carrier',
    'event.Stripped': 'Stripped',
    'event.NotifiedForDelivery': 'Notified for delivery',
    'event.DocumentsDelivered': 'Documents delivered',
    'event.Delivered': 'Delivered',
    'event.DeliveredToDoor': 'Delivered to door',
    'event.DiscrepancyReported': 'Discrepancy reported',
    'event.ReportedToCustoms': 'Reported to customs',
    'event.DeclarationFiled': 'Declaration filed',
    'event.DeclarationAccepted': 'Declaration accepted',
    'event.DeclarationRejected': 'Declaration rejected',
    'event.DocumentsRequested': 'Documents requested',
    'event.InspectionOrdered': 'Inspection ordered',
    'event.Inspected': 'Inspected',
    'event.Held': 'Held',
    'event.Released': 'Released by customs',
    'event.Refused': 'Refused',
    'event.TransferredToCustomsControl': 'Transferred to customs control',
    'event.GateIn': 'Gate in',
    'event.GateOut': 'Gate out',
    'event.TaxAssessed': 'Tax assessed',
    'event.TaxPaid': 'Tax paid',
    'event.ExportRefundFiled': 'Export VAT refund filed',
    'event.ExportRefundApproved': 'Export VAT refund approved',
    'event.ExportRefundPaid': 'Export VAT refund paid',
    'flag.GateOutBeforeRelease': 'gate-out before release',
    'flag.DeliveredBeforeRelease': 'delivered before release',
    'flag.DuplicateRelease': 'duplicate release',
    'flag.DischargeBeforeArrival': 'discharge before arrival',
    'flag.LoadedBeforeRelease': 'loaded before release',
    'flag.ReleasedAfterRefusal': 'released after refusal',
  },
};

export function render(container, { t, params, navigate }) {
  let stopped = false;
  const reference = params.get('ref') ?? '';
  const kind = KINDS.includes(params.get('kind') ?? '') ? params.get('kind') ?? '' : '';
  const input = h('input', { type: 'text', name: 'reference', value: reference, required: true, maxlength: 128, autocomplete: 'off', spellcheck: 'false' });
  const kindSelect = h('select', { name: 'kind' }, KINDS.map(k => h('option', { value: k, selected: k === kind }, t(`kind.${k}`))));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  container.append(
    viewHeading(t('heading')),
    h('form', { class: 'card row', role: 'search', onsubmit: event => {
      event.preventDefault();
      navigate('shipments', { ref: input.value.trim(), kind: kindSelect.value });
    } },
    field(t('search.label'), input, t('search.hint')),
    field(t('search.kind'), kindSelect),
    h('button', { type: 'submit', class: 'primary' }, t('search.submit'))),
    results,
    subscriptions(t, reference));
  if (!reference) {
    results.append(h('p', { class: 'hint' }, t('search.prompt')));
  } else {
    load(results, reference, kind, t, () => stopped);
  }
  return () => { stopped = true; };
}

async function load(results, reference, kind, t, isStopped) {
  results.append(loadingNote());
  const path = `/shipments/${encodeURIComponent(reference)}`;
  let summary;
  let events;
  try {
    [summary, events] = await Promise.all([get(path, { kind }), get(`${path}/events`, { kind, limit: EVENTS_PAGE_LIMIT })]);
  } catch (error) {
    clear(results).append(errorBox(error));
    return;
  }
  if (isStopped()) return;
  const eventsById = new Map(events.items.map(e => [e.eventId, e]));
  const milestones = milestonesOf(summary.timeline);
  const badges = milestones.map(m => badge(m, path, t));
  const verifiedLine = h('p', { class: 'hint', dataset: { role: 'verified-count' } });
  const updateVerified = () => {
    const verified = badges.filter(b => b.state === 'verified').length;
    const withheld = badges.filter(b => b.state === 'withheld').length;
    verifiedLine.textContent = t('summary.verified', { verified, total: badges.length }) + (withheld ? t('summary.withheld', { withheld }) : '');
    verifiedLine.dataset.verified = String(verified);
  };
  updateVerified();
  badges.forEach(b => b.onChange(updateVerified));
  clear(results).append(
    summaryCard(summary, milestones, t),
    verifiedLine,
    waitsChart(milestones, t),
    h('h2', {}, t('timeline.heading')),
    timeline(milestones, eventsById, badges, t));
  announce(`${reference}: ${t.label('status', summary.status)}`);
  for (const b of badges.slice(0, MAX_AUTO_VERIFIED)) {
    if (isStopped()) return;
    await b.verify();
  }
}

/** Timeline entries with the wait before each one, the longest wait marked and the anomalies that appear at each step. */
export function milestonesOf(timeline) {
  let previousFlags = new Set();
  const milestones = timeline.map((entry, index) => {
    const flags = flagsOf(entry.flags);
    const newFlags = [...flags].filter(f => !previousFlags.has(f));
    previousFlags = flags;
    const waitMs = index === 0 ? null : Date.parse(entry.occurredAt) - Date.parse(timeline[index - 1].occurredAt);
    return { ...entry, waitMs, newFlags, longest: false };
  });
  const longest = milestones.reduce((best, m) => (m.waitMs !== null && m.waitMs > (best?.waitMs ?? 0) ? m : best), null);
  if (longest) longest.longest = true;
  return milestones;
}

function flagsOf(text) {
  return new Set(String(text ?? 'None').split(',').map(f => f.trim()).filter(f => f && f !== 'None'));
}

function summaryCard(summary, milestones, t) {
  const first = milestones[0];
  const last = milestones[milestones.length - 1];
  const longestIndex = milestones.findIndex(m => m.longest);
  const flags = [...flagsOf(summary.flags)];
  const fact = (label, value, name) => h('div', {}, h('dt', {}, label), h('dd', { dataset: { fact: name } }, value));
  return h('section', { class: 'card', 'aria-labelledby': 'shipment-summary' },
    h('h2', { id: 'shipment-summary' }, t('summary.heading')),
    h('dl', { class: 'facts' },
      fact(t('summary.reference'), summary.reference, 'reference'),
      fact(t('summary.kind'), summary.kind ? t.label('kind', kebab(summary.kind)) : '—', 'kind'),
      fact(t('summary.status'), summary.status ? t.label('status', summary.status) : '—', 'status'),
      fact(t('summary.events'), String(summary.visibleEvents), 'events'),
      fact(t('summary.elapsed'), first && last ? duration(Date.parse(last.occurredAt) - Date.parse(first.occurredAt)) : '—', 'elapsed'),
      fact(t('summary.longestWait'), longestIndex > 0
        ? t('summary.longestWaitValue', {
          duration: duration(milestones[longestIndex].waitMs),
          from: t.label('event', milestones[longestIndex - 1].eventType),
          to: t.label('event', milestones[longestIndex].eventType),
        })
        : '—', 'longest-wait'),
      fact(t('summary.anomalies'), flags.length ? flags.map(f => t.label('flag', f)).join('、') : t('summary.noAnomalies'), 'anomalies')),
    summary.truncated ? h('p', { class: 'notice' }, t('summary.truncated', { count: summary.visibleEvents })) : null);
}

function waitsChart(milestones, t) {
  const items = milestones.filter(m => m.waitMs !== null)
    .map(m => ({ label: t.label('event', m.eventType), value: Math.max(0, m.waitMs) / 3_600_000, highlight: m.longest }));
  if (items.length === 0) return null;
  return barChart({
    items,
    labels: { caption: t('waits.caption'), category: t('waits.step'), value: t('waits.hours'), table: t('waits.table') },
    format: value => (Math.round(value * 10) / 10).toString(),
  });
}

function timeline(milestones, eventsById, badges, t) {
  return h('ol', { class: 'timeline', 'aria-label': t('timeline.heading') }, milestones.map((m, index) => {
    const event = eventsById.get(m.eventId);
    const place = event ? [event.location, event.port].filter(Boolean).filter((v, i, all) => all.indexOf(v) === i).join(' · ') : '';
    return h('li', { class: m.newFlags.length ? 'anomaly' : null, dataset: { eventId: m.eventId, eventType: m.eventType, occurredAt: m.occurredAt } },
      m.waitMs !== null
        ? h('div', { class: m.longest ? 'wait longest' : 'wait' }, t('timeline.waited', { duration: duration(m.waitMs) }), m.longest ? ` · ${t('timeline.longest')}` : '')
        : null,
      h('div', {}, h('span', { class: 'what' }, t.label('event', m.eventType)), ' ', badges[index].element),
      h('div', { class: 'when' }, h('time', { datetime: m.occurredAt }, dateTime(m.occurredAt)),
        place ? ` · ${t('timeline.at', { place })}` : '',
        m.status ? ` · ${t('timeline.status', { status: t.label('status', m.status) })}` : ''),
      m.newFlags.length ? h('div', { class: 'flags', dataset: { flags: m.newFlags.join(',') } }, t('timeline.newAnomaly', { flags: m.newFlags.map(f => t.label('flag', f)).join('、') })) : null,
      badges[index].details);
  }));
}

/** A milestone's ledger badge: fetches the event's proof and checks it in this browser. */
function badge(milestone, shipmentPath, t) {
  const listeners = [];
  const label = h('span', {});
  const button = h('button', { type: 'button', class: 'badge badge-pending', 'aria-describedby': null });
  const details = h('details', { class: 'proof', hidden: true }, h('summary', {}, t('badge.details')));
  button.append(label);
  const state = { element: button, details, state: 'pending', onChange: f => listeners.push(f), verify };
  const set = (name, text, css) => {
    state.state = name;
    button.className = `badge ${css}`;
    button.dataset.state = name;
    label.textContent = text;
    for (const f of listeners) f();
  };
  set('pending', t('badge.pending'), 'badge-pending');
  button.addEventListener('click', () => {
    if (state.state === 'checking') return;
    if (state.state === 'pending' || state.state === 'failed') verify();
    else details.open = !details.open;
  });

  async function verify() {
    set('checking', t('badge.checking'), 'badge-pending');
    let proof;
    try {
      proof = await get(`${shipmentPath}/events/${encodeURIComponent(milestone.eventId)}/proof`);
    } catch (error) {
      // A proof holding details the role may not see is refused by design (docs/access.md); that is not a failure of the ledger.
      if (error.status === 403) {
        set('withheld', `⊘ ${t('badge.withheld')}`, 'badge-warn');
        showDetails([h('li', {}, error.detail)]);
      } else {
        set('failed', `✗ ${t('badge.failed')}`, 'badge-bad');
        showDetails([h('li', { class: 'failed' }, error.detail || error.message)]);
      }
      return;
    }
    const report = await verifyEventProof(proof);
    const failed = report.checks.find(c => !c.passed);
    if (report.valid) set('verified', `✓ ${t('badge.verified')}`, 'badge-ok');
    else set('failed', `✗ ${t('badge.failed')} · ${t('badge.failedStep', { step: t.label('check', failed?.name) })}`, 'badge-bad');
    showDetails([
      ...report.checks.map(c => h('li', { class: c.passed ? 'passed' : 'failed', dataset: { check: c.name, passed: String(c.passed) } },
        `${c.passed ? '✓' : '✗'} ${t.label('check', c.name)} — `, h('span', { class: 'mono' }, c.detail))),
      h('li', {}, t('check.where')),
    ]);
  }

  function showDetails(items) {
    details.hidden = false;
    details.replaceChildren(h('summary', {}, t('badge.details')), h('ul', { class: 'proof-detail' }, items));
  }
  return state;
}

/** Webhook subscriptions of the signed-in principal: create (this reference prefilled), list, deliveries, delete. */
function subscriptions(t, reference) {
  const url = h('input', { type: 'url', name: 'webhookUrl', required: true, maxlength: 2048, placeholder: 'https://', autocomplete: 'url' });
  const onlyThis = reference ? h('input', { type: 'checkbox', name: 'onlyThis', checked: true }) : null;
  const types = NOTIFY_EVENT_TYPES.map(type => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'eventType', value: type }), t.label('event', type)));
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { dataset: { role: 'subscriptions' } });
  const form = h('form', { class: 'subscribe', onsubmit: async event => {
    event.preventDefault();
    clear(message);
    try {
      const created = await post('/subscriptions', {
        url: url.value.trim(),
        shipmentReference: onlyThis?.checked ? reference : null,
        eventTypes: types.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value),
      });
      message.append(h('p', { class: 'notice', dataset: { role: 'secret' } }, t('subscribe.created', { id: created.subscription.id }), ' ', h('code', {}, created.secret)));
      form.reset();
      await refresh();
    } catch (error) {
      message.append(errorBox(error));
    }
  } },
  h('div', { class: 'row' }, field(t('subscribe.url'), url),
    onlyThis ? h('label', { class: 'choice' }, onlyThis, t('subscribe.onlyThis', { reference })) : null),
  h('fieldset', {}, h('legend', {}, t('subscribe.types')), h('div', { class: 'choices' }, types)),
  h('button', { type: 'submit', class: 'primary' }, t('subscribe.submit')));

  async function refresh() {
    let owned;
    try {
      owned = await get('/subscriptions');
    } catch (error) {
      clear(list).append(errorBox(error));
      return;
    }
    clear(list).append(owned.length === 0 ? h('p', { class: 'hint' }, t('subscribe.none')) : h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('subscribe.list')),
      h('thead', {}, h('tr', {}, ['subscribe.id', 'subscribe.target', 'subscribe.filter', 'subscribe.created.at', 'subscribe.actions'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, owned.map(sub => h('tr', { dataset: { subscription: sub.id } },
        h('td', { class: 'mono' }, sub.id),
        h('td', { class: 'mono' }, sub.url),
        h('td', {}, describeFilter(sub.filter, t)),
        h('td', {}, dateTime(sub.createdAt)),
        h('td', {}, deliveriesOf(sub.id, t), h('button', { type: 'button', 'aria-label': t('subscribe.deleteLabel', { id: sub.id }), onclick: async () => {
          try {
            await del(`/subscriptions/${encodeURIComponent(sub.id)}`);
            announce(t('subscribe.deleted', { id: sub.id }));
            await refresh();
          } catch (error) {
            message.replaceChildren(errorBox(error));
          }
        } }, t('subscribe.delete')))))))));
  }
  refresh();
  return h('section', { class: 'card', 'aria-labelledby': 'subscribe-heading' },
    h('h2', { id: 'subscribe-heading' }, t('subscribe.heading')),
    h('p', { class: 'hint' }, t('subscribe.intro')),
    form, message, list);
}

function describeFilter(filter, t) {
  const parts = [filter.shipmentReference, filter.enterprise, filter.port, ...filter.eventTypes.map(type => t.label('event', type))].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('subscribe.everything');
}

/** A subscription's delivery log, read when the user opens it. */
function deliveriesOf(id, t) {
  const body = h('div', {});
  const details = h('details', { ontoggle: async () => {
    if (!details.open || body.dataset.loaded) return;
    body.dataset.loaded = 'true';
    try {
      const page = await get(`/subscriptions/${encodeURIComponent(id)}/deliveries`, { limit: DELIVERIES_PAGE_LIMIT });
      body.append(page.items.length === 0 ? h('p', { class: 'hint' }, t('subscribe.noDeliveries')) : h('table', {},
        h('thead', {}, h('tr', {}, ['delivery.event', 'delivery.state', 'delivery.attempts', 'delivery.last'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, page.items.map(d => h('tr', {},
          h('td', {}, t.label('event', d.eventType)),
          h('td', {}, t.label('delivery', d.state)),
          h('td', {}, String(d.attempts)),
          h('td', {}, d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError ?? '—'))))));
    } catch (error) {
      body.append(errorBox(error));
    }
  } }, h('summary', {}, t('subscribe.deliveries')), body);
  return details;
}

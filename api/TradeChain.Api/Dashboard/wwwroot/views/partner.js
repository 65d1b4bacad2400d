// Feed console (ports, airports, customs, tax): push a partner file through the API and read the
// ledger's receipt — accepted, duplicates, rejected with code and reason.

import { clear, h, announce } from '../js/dom.js';
import { post } from '../js/api.js';
import { errorBox, field, viewHeading } from '../js/ui.js';

export const FORMATS = Object.freeze(['tradechain-json', 'edifact', 'cargo-xml', 'dcsa-tnt-2.2', 'vehicle-registration']);
export const FEEDS = Object.freeze(['manifest', 'customs-status', 'port-gate', 'tax', 'transport-movement']);
/** The API's default feed body limit (Api:MaxFeedBodyBytes); a bigger file is refused here before it is sent. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The last receipt of this tab, shown again when the view is re-drawn (a language switch) instead of being lost. */
let lastPush = null;

export const texts = {
  'zh-CN': {
    heading: '数据报送控制台',
    'push.heading': '推送报文',
    'push.intro': '以 {partner} 的身份推送一份报文；报文经与 Kafka 相同的解析和校验后签名上链，并返回逐条回执。',
    'push.format': '报文格式',
    'push.feed': '数据类别',
    'push.file': '报文文件',
    'push.fileHint': '最大 {size} MB',
    'push.submit': '推送',
    'push.busy': '推送中…',
    'push.tooLarge': '文件大小 {size} MB 超过上限 {max} MB。',
    'push.noFile': '请选择要推送的文件。',
    'format.tradechain-json': 'TradeChain JSON',
    'format.edifact': 'UN/EDIFACT（CODECO/CUSRES/CUSCAR）',
    'format.cargo-xml': 'IATA Cargo-XML（XFSU/XFWB）',
    'format.dcsa-tnt-2.2': 'DCSA 跟踪 2.2',
    'format.vehicle-registration': '车辆备案',
    'feed.manifest': '舱单',
    'feed.customs-status': '海关状态',
    'feed.port-gate': '卡口',
    'feed.tax': '税务',
    'feed.transport-movement': '运输动态',
    'receipt.heading': '回执：{file}',
    'receipt.accepted': '已接收',
    'receipt.duplicates': '重复',
    'receipt.rejected': '被拒绝',
    'receipt.registrations': '车辆备案',
    'receipt.rejectedHeading': '被拒绝的条目',
    'receipt.item': '条目',
    'receipt.code': '错误码',
    'receipt.reason': '原因',
    'receipt.acceptedIds': '已接收事件编号',
    'receipt.duplicateIds': '重复事件编号',
    'receipt.announce': '推送完成：接收 {accepted}，重复 {duplicates}，拒绝 {rejected}',
  },
  en: {
    heading: 'Feed console',
    'push.heading': 'Push a message',
    'push.intro': 'Push one message as {partner}; it goes through the same parsing and validation as the Kafka feed, is signed onto the ledger and answered item by item.',
    'push.format': 'Format',
    'push.feed': 'Feed',
    'push.file': 'Message file',
    'push.fileHint': 'at most {size} MB',
    'push.submit': 'Push',
    'push.busy': 'Pushing…',
    'push.tooLarge': 'The file is {size} MB, over the {max} MB limit.',
    'push.noFile': 'Choose a file to push.',
    'format.tradechain-json': 'TradeChain JSON',
    'format.edifact': 'UN/EDIFACT (CODECO/CUSRES/CUSCAR)',
    'format.cargo-xml': 'IATA Cargo-XML (XFSU/XFWB)',
    'format.dcsa-tnt-2.2': 'DCSA Track & Trace 2.2',
    'format.vehicle-registration': 'Vehicle registration',
    'feed.manifest': 'Manifest',
    'feed.customs-status': 'Customs status',
    'feed.port-gate': 'Port gate',
    'feed.tax': 'Tax',
    'feed.transport-movement': 'Transport movement',
    'receipt.heading': 'Receipt: {file}',
    'receipt.accepted': 'Accepted',
    'receipt.duplicates': 'Duplicates',
    'receipt.rejected': 'Rejected',
    'receipt.registrations': 'Vehicle registrations',
    'receipt.rejectedHeading': 'Rejected items',
    'receipt.item': 'Item',
    'receipt.code': 'Code',
    'receipt.reason': 'Reason',
    'receipt.acceptedIds': 'Accepted event ids',
    'receipt.duplicateIds': 'Duplicate event ids',
    'receipt.announce': 'Pushed: {accepted} accepted, {duplicates} duplicates, {rejected} rejected',
  },
};

export function render(container, { t, session }) {
  const format = h('select', { name: 'format' }, FORMATS.map(f => h('option', { value: f, selected: f === lastPush?.format }, t(`format.${f}`))));
  const feed = h('select', { name: 'feed' }, FEEDS.map(f => h('option', { value: f, selected: f === lastPush?.feed }, t(`feed.${f}`))));
  const file = h('input', { type: 'file', name: 'file', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('push.submit'));
  const receipt = h('div', { class: 'receipt', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'push-heading', onsubmit: async event => {
    event.preventDefault();
    const chosen = file.files?.[0];
    clear(receipt);
    if (!chosen) {
      receipt.append(h('p', { class: 'error', role: 'alert' }, t('push.noFile')));
      return;
    }
    if (chosen.size > MAX_FILE_BYTES) {
      receipt.append(h('p', { class: 'error', role: 'alert' }, t('push.tooLarge', { size: megabytes(chosen.size), max: megabytes(MAX_FILE_BYTES) })));
      return;
    }
    submit.disabled = true;
    submit.textContent = t('push.busy');
    try {
      const body = await chosen.arrayBuffer();
      const answer = await post(`/feeds/${encodeURIComponent(format.value)}`, body, { contentType: chosen.type || 'application/octet-stream', params: { feed: feed.value } });
      lastPush = { answer, fileName: chosen.name, format: format.value, feed: feed.value };
      receipt.append(receiptView(answer, chosen.name, t));
      announce(t('receipt.announce', { accepted: answer.accepted.length, duplicates: answer.duplicates.length, rejected: answer.rejected.length }));
    } catch (error) {
      receipt.append(errorBox(error));
    } finally {
      submit.disabled = false;
      submit.textContent = t('push.submit');
    }
  } },
  h('h2', { id: 'push-heading' }, t('push.heading')),
  h('p', { class: 'hint' }, t('push.intro', { partner: session.partnerId ?? session.principal })),
  h('div', { class: 'row' }, field(t('push.format'), format), field(t('push.feed'), feed), field(t('push.file'), file, t('push.fileHint', { size: megabytes(MAX_FILE_BYTES) })), submit));
  if (lastPush) receipt.append(receiptView(lastPush.answer, lastPush.fileName, t));
  container.append(viewHeading(t('heading')), form, receipt);
}

/** The receipt of one push: counts, rejected items with code and reason, and the ids in folded lists. */
export function receiptView(answer, fileName, t) {
  const count = (label, value, name) => h('div', {}, h('dt', {}, label), h('dd', { dataset: { count: name } }, String(value)));
  return h('section', { class: 'card', 'aria-labelledby': 'receipt-heading', dataset: { role: 'receipt' } },
    h('h2', { id: 'receipt-heading' }, t('receipt.heading', { file: fileName })),
    h('dl', { class: 'facts' },
      count(t('receipt.accepted'), answer.accepted.length, 'accepted'),
      count(t('receipt.duplicates'), answer.duplicates.length, 'duplicates'),
      count(t('receipt.rejected'), answer.rejected.length, 'rejected'),
      answer.registrationsApplied ? count(t('receipt.registrations'), answer.registrationsApplied, 'registrations') : null),
    answer.rejected.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', {}, t('receipt.rejectedHeading')),
      h('thead', {}, h('tr', {}, [t('receipt.item'), t('receipt.code'), t('receipt.reason')].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, answer.rejected.map(r => h('tr', { dataset: { code: r.code } }, h('td', { class: 'mono' }, r.item), h('td', { class: 'mono' }, r.code), h('td', {}, r.reason)))))) : null,
    idList(t('receipt.acceptedIds'), answer.accepted, 'accepted'),
    idList(t('receipt.duplicateIds'), answer.duplicates, 'duplicates'));
}

function idList(label, ids, name) {
  if (ids.length === 0) return null;
  return h('details', { dataset: { ids: name } }, h('summary', {}, `${label} (${ids.length})`), h('ul', { class: 'mono' }, ids.map(id => h('li', {}, id))));
}

function megabytes(bytes) {
  return (Math.round((bytes / (1024 * 1024)) * 10) / 10).toString();
}

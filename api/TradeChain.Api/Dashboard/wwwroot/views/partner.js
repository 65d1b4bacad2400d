// Feed console (ports, airports, customs, tax): push a partner file through the API and read the
// ledger's receipt — accepted, duplicates, rejected with code and reason.

import { clear, h, announce } from '../js/dom.js';
import { get, post } from '../js/api.js';
import { dateTime, kebab } from '../js/format.js';
import { errorBox, field, viewHeading } from '../js/ui.js';

export const FORMATS = Object.freeze(['tradechain-json', 'edifact', 'cargo-xml', 'dcsa-tnt-2.2', 'vehicle-registration']);
export const FEEDS = Object.freeze(['manifest', 'customs-status', 'port-gate', 'tax', 'transport-movement']);
/** The API's default feed body limit (Api:MaxFeedBodyBytes); a bigger file is refused here before it is sent. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Rows per page of the submissions and dead-letter lists. */
const LIST_PAGE_LIMIT = 20;

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
    'submissions.heading': '报送记录',
    'submissions.none': '尚无推送记录。',
    'submissions.at': '时间',
    'submissions.principal': '账号',
    'submissions.format': '格式',
    'submissions.feed': '类别',
    'submissions.truncated': '清单过长，仅保留前 500 条；计数准确。',
    'deadLetters.heading': '死信（未能上链的数据）',
    'deadLetters.none': '没有死信。',
    'deadLetters.source': '来源',
    'deadLetters.where': '位置',
    'source.kafka': 'Kafka 死信主题',
    'source.https-push': 'HTTPS 推送',
    'list.more': '加载更多',
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
    'submissions.heading': 'Submissions',
    'submissions.none': 'No pushes yet.',
    'submissions.at': 'Time',
    'submissions.principal': 'Account',
    'submissions.format': 'Format',
    'submissions.feed': 'Feed',
    'submissions.truncated': 'Lists cut at 500 items; the counts are exact.',
    'deadLetters.heading': 'Dead letters (what did not reach the ledger)',
    'deadLetters.none': 'No dead letters.',
    'deadLetters.source': 'Source',
    'deadLetters.where': 'Position',
    'source.kafka': 'Kafka dead-letter topic',
    'source.https-push': 'HTTPS push',
    'list.more': 'Load more',
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
      submissions.reload();
      deadLetters.reload();
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
  const submissions = pagedList({
    path: '/feeds/submissions', role: 'submissions', heading: t('submissions.heading'), empty: t('submissions.none'), t,
    headers: [t('submissions.at'), t('submissions.format'), t('submissions.feed'), t('receipt.accepted'), t('receipt.duplicates'), t('receipt.rejected')],
    row: s => h('tr', { dataset: { submission: String(s.submissionId) } },
      h('td', {}, dateTime(s.at), h('br'), h('span', { class: 'hint' }, s.principal)),
      h('td', {}, t.label('format', s.format)),
      h('td', {}, t.label('feed', kebab(s.feed))),
      h('td', { dataset: { count: 'accepted' } }, String(s.acceptedCount)),
      h('td', { dataset: { count: 'duplicates' } }, String(s.duplicateCount)),
      h('td', { dataset: { count: 'rejected' } }, String(s.rejectedCount),
        s.rejected.length ? h('details', {}, h('summary', {}, t('receipt.rejectedHeading')),
          h('ul', {}, s.rejected.map(r => h('li', {}, h('code', {}, r.code), ' ', r.item, ': ', r.reason)))) : null,
        s.truncated ? h('p', { class: 'hint' }, t('submissions.truncated')) : null)),
  });
  const deadLetters = pagedList({
    path: '/dead-letters', role: 'dead-letters', heading: t('deadLetters.heading'), empty: t('deadLetters.none'), t,
    headers: [t('submissions.at'), t('deadLetters.source'), t('receipt.item'), t('receipt.code'), t('receipt.reason'), t('deadLetters.where')],
    row: d => h('tr', { dataset: { code: d.code } },
      h('td', {}, dateTime(d.at)),
      h('td', {}, t.label('source', d.source)),
      h('td', { class: 'mono' }, d.item),
      h('td', { class: 'mono' }, d.code),
      h('td', {}, d.reason),
      h('td', { class: 'mono' }, d.topic ? `${d.topic}[${d.partition}]@${d.offset}` : `#${d.submissionId}`)),
  });
  container.append(viewHeading(t('heading')), form, receipt, submissions.element, deadLetters.element);
}

/** A cursor-paged table: the first page on load, "load more" while the API has a next cursor. */
function pagedList({ path, role, heading, empty, headers, row, t }) {
  const headingId = `${role}-heading`;
  const body = h('div', {});
  const element = h('section', { class: 'card', 'aria-labelledby': headingId, dataset: { role } }, h('h2', { id: headingId }, heading), body);
  let generation = 0;
  async function load(cursor, tbody, more) {
    const mine = generation;
    let page;
    try {
      page = await get(path, { limit: LIST_PAGE_LIMIT, cursor });
    } catch (error) {
      body.append(errorBox(error));
      return;
    }
    if (mine !== generation) return;
    if (!cursor && page.items.length === 0) {
      body.replaceChildren(h('p', { class: 'hint' }, empty));
      return;
    }
    let rows = tbody;
    if (!rows) {
      rows = h('tbody', {});
      body.replaceChildren(h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))), rows)));
    }
    rows.append(...page.items.map(row));
    more?.remove();
    if (page.nextCursor) {
      const button = h('button', { type: 'button', onclick: () => load(page.nextCursor, rows, button) }, t('list.more'));
      body.append(button);
    }
  }
  const reload = () => {
    generation += 1;
    return load(null, null, null);
  };
  reload();
  return { element, reload };
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

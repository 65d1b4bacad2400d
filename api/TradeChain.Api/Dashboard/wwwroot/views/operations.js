// Operations board (系统运行看板) for operators and the regulator: every member node's height, round,
// peers, commit rate, mempool and lag from GET /node/board, read again every few seconds, and the
// day's business at a glance: declarations and manifests by direction, blocks and events committed.

import { append, clear, h, announce } from '../js/dom.js';
import { get } from '../js/api.js';
import { groupedBarChart, lineChart } from '../js/chart.js';
import { dateTime, duration, isoDate, number } from '../js/format.js';
import { language } from '../js/i18n.js';
import { errorBox, field, loadingNote, viewHeading } from '../js/ui.js';

/** How often the board is read while the view is open. */
export const REFRESH_MS = 5_000;
/** Business activity changes slowly and costs block pages to count: read it this often. */
const ACTIVITY_REFRESH_MS = 60_000;
/** Board readings kept for the height chart and the commit rate (five minutes at the refresh rate). */
const MAX_HISTORY = 60;
/** The commit rate is taken over the readings of about the last minute. */
const RATE_WINDOW_MS = 60_000;
/** Blocks are read newest first, a page at a time, until the day is passed; a busy chain stops here and says so. */
const BLOCK_PAGE_LIMIT = 100;
const MAX_BLOCK_PAGES = 20;
const DAY_MS = 86_400_000;

/** Board readings of this tab, kept across re-renders (a language switch) so the rate and chart go on. */
const history = [];

export const texts = {
  'zh-CN': {
    heading: '系统运行看板',
    'board.heading': '节点状态',
    'board.asOf': '更新于 {time}',
    'board.auto': '每 {seconds} 秒自动刷新',
    'board.refresh': '立即刷新',
    'board.reachable': '在线节点',
    'board.unreachable': '离线节点',
    'board.tip': '最高区块',
    'board.timeout': '单节点超时',
    'board.timeoutValue': '{ms} 毫秒',
    'col.node': '节点',
    'col.member': '成员',
    'col.state': '状态',
    'col.height': '区块高度',
    'col.round': '共识高度 / 轮次 / 步骤',
    'col.peers': '对等节点',
    'col.rate': '出块速率',
    'col.mempool': '交易池（批）',
    'col.lag': '落后',
    'col.lastCommit': '最近提交',
    'state.up': '在线',
    'state.down': '离线',
    'state.validator': '验证节点',
    'peers.value': '{connected}/{total} 已连接',
    'rate.value': '{rate} 块/分',
    'rate.pending': '待下次刷新',
    'lag.value': '{blocks} 块',
    'lag.none': '同步',
    'lastCommit.value': '{ago}前',
    'heights.caption': '各节点区块高度（最近读数）',
    'heights.time': '时间',
    'table.show': '以表格查看数据',
    'board.announce': '节点状态：{reachable} 在线，{unreachable} 离线',
    'activity.heading': '业务概况',
    'activity.day': '日期',
    'activity.show': '查看',
    'activity.volumes': '进出口报关单与舱单（按申报日期）',
    'activity.volumesRefused': '进出口业务量不对此角色开放：{detail}',
    'activity.declarations': '报关单',
    'activity.manifests': '舱单',
    'activity.import': '进口',
    'activity.export': '出口',
    'activity.caption': '{day} 进出口报关单与舱单',
    'activity.direction': '进出口',
    'activity.ledger': '账本（UTC {day}）',
    'activity.blocks': '区块',
    'activity.transactions': '交易',
    'activity.events': '事件',
    'activity.partial': '区块过多，仅统计了最近 {blocks} 个区块。',
  },
  en: {
    heading: 'Operations board',
    'board.heading': 'Nodes',
    'board.asOf': 'as of {time}',
    'board.auto': 'refresh every {seconds} s',
    'board.refresh': 'Refresh now',
    'board.reachable': 'Nodes up',
    'board.unreachable': 'Nodes down',
    'board.tip': 'Highest block',
    'board.timeout': 'Per-node timeout',
    'board.timeoutValue': '{ms} ms',
    'col.node': 'Node',
    'col.member': 'Member',
    'col.state': 'State',
    'col.height': 'Height',
    'col.round': 'Consensus height / round / step',
    'col.peers': 'Peers',
    'col.rate': 'Commit rate',
    'col.mempool': 'Mempool (batches)',
    'col.lag': 'Lag',
    'col.lastCommit': 'Last commit',
    'state.up': 'up',
    'state.down': 'down',
    'state.validator': 'validator',
    'peers.value': '{connected} of {total} connected',
    'rate.value': '{rate} blocks/min',
    'rate.pending': 'after the next reading',
    'lag.value': '{blocks} blocks behind',
    'lag.none': 'in sync',
    'lastCommit.value': '{ago} ago',
    'heights.caption': 'Block height per node (recent readings)',
    'heights.time': 'Time',
    'table.show': 'Show the data as a table',
    'board.announce': 'Nodes: {reachable} up, {unreachable} down',
    'activity.heading': 'Business at a glance',
    'activity.day': 'Day',
    'activity.show': 'Show',
    'activity.volumes': 'Import and export declarations and manifests (by filing date)',
    'activity.volumesRefused': 'Import and export volumes are not open to this role: {detail}',
    'activity.declarations': 'Declarations',
    'activity.manifests': 'Manifests',
    'activity.import': 'Import',
    'activity.export': 'Export',
    'activity.caption': 'Declarations and manifests on {day}',
    'activity.direction': 'Direction',
    'activity.ledger': 'Ledger (UTC {day})',
    'activity.blocks': 'Blocks',
    'activity.transactions': 'Transactions',
    'activity.events': 'Events',
    'activity.partial': 'A busy day: only the latest {blocks} blocks were counted.',
  },
};

export function render(container, { t, params, navigate }) {
  let stopped = false;
  let boardBusy = false;
  const today = isoDate(new Date());
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? params.get('day') : today;
  const boardBody = h('div', { 'aria-live': 'off' }, loadingNote());
  const asOf = h('span', { class: 'hint', dataset: { role: 'as-of' } });
  const refresh = h('button', { type: 'button', onclick: () => readBoard(true) }, t('board.refresh'));
  const activityBody = h('div', { 'aria-live': 'polite' }, loadingNote());
  const dayInput = h('input', { type: 'date', name: 'day', value: day, required: true });

  container.append(
    viewHeading(t('heading')),
    h('section', { class: 'card', 'aria-labelledby': 'ops-board', dataset: { section: 'board' } },
      h('div', { class: 'section-head' }, h('h2', { id: 'ops-board' }, t('board.heading')),
        h('div', { class: 'board-meta' }, asOf, h('span', { class: 'hint' }, t('board.auto', { seconds: REFRESH_MS / 1000 })), refresh)),
      boardBody),
    h('section', { class: 'card', 'aria-labelledby': 'ops-activity', dataset: { section: 'activity', day } },
      h('div', { class: 'section-head' }, h('h2', { id: 'ops-activity' }, t('activity.heading')),
        h('form', { class: 'filters', onsubmit: event => {
          event.preventDefault();
          navigate('operations', { day: dayInput.value });
        } }, field(t('activity.day'), dayInput), h('button', { type: 'submit' }, t('activity.show')))),
      activityBody));

  async function readBoard(announced) {
    if (boardBusy || stopped) return;
    boardBusy = true;
    try {
      const board = await get('/node/board');
      if (stopped) return;
      remember(board);
      asOf.textContent = t('board.asOf', { time: dateTime(board.asOf) });
      asOf.dataset.at = board.asOf;
      append(clear(boardBody), boardView(board, t));
      if (announced) announce(t('board.announce', { reachable: board.reachable, unreachable: board.unreachable }));
    } catch (error) {
      if (!stopped) clear(boardBody).append(errorBox(error));
    } finally {
      boardBusy = false;
    }
  }

  async function readActivity() {
    try {
      const content = await activityView(day, t);
      if (!stopped) append(clear(activityBody), content);
    } catch (error) {
      if (!stopped) clear(activityBody).append(errorBox(error));
    }
  }

  readBoard(true);
  readActivity();
  const boardTimer = setInterval(() => readBoard(false), REFRESH_MS);
  const activityTimer = day === today ? setInterval(readActivity, ACTIVITY_REFRESH_MS) : null;
  return () => {
    stopped = true;
    clearInterval(boardTimer);
    if (activityTimer) clearInterval(activityTimer);
  };
}

function remember(board) {
  const heights = {};
  for (const node of board.nodes) heights[node.node] = node.reachable ? node.status.height : null;
  history.push({ atMs: Date.parse(board.asOf), heights });
  if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
}

/** Blocks per minute of one node over its readings of the last RATE_WINDOW_MS; null until it has two readings that span some time. */
export function commitRate(readings, node) {
  const points = readings.filter(r => Number.isFinite(r.heights[node]));
  if (points.length < 2) return null;
  const last = points[points.length - 1];
  // The oldest reading within the window; a node missing from it (down, or a slow board) falls back to its previous reading.
  const first = points.find(p => p !== last && last.atMs - p.atMs <= RATE_WINDOW_MS) ?? points[points.length - 2];
  const spanMs = last.atMs - first.atMs;
  if (spanMs <= 0) return null;
  return ((last.heights[node] - first.heights[node]) / spanMs) * 60_000;
}

function boardView(board, t) {
  const reachable = board.nodes.filter(n => n.reachable);
  const tip = Math.max(0, ...reachable.map(n => n.status.height));
  const fact = (key, value, text) => h('div', {}, h('dt', {}, t(`board.${key}`)), h('dd', { dataset: { board: key, value: String(value) } }, text ?? number(value)));
  const rows = board.nodes.map(node => nodeRow(node, tip, t));
  const samples = history.slice(-MAX_HISTORY);
  return [
    h('dl', { class: 'facts' },
      fact('reachable', board.reachable),
      fact('unreachable', board.unreachable),
      fact('tip', tip),
      fact('timeout', board.timeoutMs, t('board.timeoutValue', { ms: number(board.timeoutMs) }))),
    h('div', { class: 'table-wrap' }, h('table', { dataset: { table: 'nodes' } },
      h('thead', {}, h('tr', {}, ['node', 'member', 'state', 'height', 'round', 'peers', 'rate', 'mempool', 'lag', 'lastCommit'].map(c => h('th', { scope: 'col' }, t(`col.${c}`))))),
      h('tbody', {}, rows))),
    samples.length > 0 ? lineChart({
      categories: samples.map(s => new Intl.DateTimeFormat(language(), { timeStyle: 'medium' }).format(new Date(s.atMs))),
      series: board.nodes.map(n => ({ name: n.status?.memberId ?? n.node, values: samples.map(s => s.heights[n.node] ?? null) })),
      format: value => number(value),
      labels: { caption: t('heights.caption'), category: t('heights.time'), table: t('table.show') },
    }) : null,
  ];
}

function nodeRow(node, tip, t) {
  const s = node.status;
  if (!node.reachable) {
    return h('tr', { class: 'node-down', dataset: { node: node.node, reachable: 'false' } },
      h('th', { scope: 'row', class: 'mono' }, node.node),
      h('td', {}, '—'),
      h('td', {}, h('span', { class: 'badge badge-bad' }, `✗ ${t('state.down')}`), ' ', h('span', { dataset: { reason: '' } }, node.reason ?? '')),
      h('td', { colspan: 7 }, '—'));
  }
  const rate = commitRate(history, node.node);
  const lag = tip - s.height;
  const connected = s.peers.filter(p => p.connected).length;
  return h('tr', { dataset: { node: node.node, reachable: 'true', height: String(s.height), round: String(s.round), mempool: String(s.mempoolBatches), peers: `${connected}/${s.peers.length}`, lag: String(lag) } },
    h('th', { scope: 'row', class: 'mono' }, node.node),
    h('td', {}, s.memberId),
    h('td', {}, h('span', { class: 'badge badge-ok' }, `✓ ${t('state.up')}`), s.isValidator ? ` · ${t('state.validator')}` : ''),
    h('td', { class: 'num' }, number(s.height)),
    h('td', { class: 'num' }, `${number(s.consensusHeight)} / ${s.round} / ${s.step}`),
    h('td', {}, t('peers.value', { connected, total: s.peers.length })),
    h('td', { class: 'num' }, rate === null ? t('rate.pending') : t('rate.value', { rate: number(rate, 1) })),
    h('td', { class: 'num' }, number(s.mempoolBatches)),
    h('td', { class: lag > 0 ? 'num lag-behind' : 'num' }, lag > 0 ? t('lag.value', { blocks: number(lag) }) : t('lag.none')),
    h('td', {}, s.lastCommitUnixMs > 0 ? h('time', { datetime: new Date(s.lastCommitUnixMs).toISOString() }, t('lastCommit.value', { ago: duration(Date.now() - s.lastCommitUnixMs) })) : '—'));
}

/** The day's volumes by direction (if the role may read them: the API decides) and what the ledger committed that UTC day. */
async function activityView(day, t) {
  const next = isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
  const [volumes, ledger] = await Promise.all([
    get('/volumes', { from: day, to: next, period: 'day' }).catch(error => (error.status === 403 ? { refused: error } : Promise.reject(error))),
    ledgerActivity(Date.parse(`${day}T00:00:00Z`)),
  ]);
  const fact = (group, key, value) => h('div', {}, h('dt', {}, t(`activity.${key}`)), h('dd', { dataset: { [group]: key, value: String(value) } }, number(value)));
  return [
    h('h3', {}, t('activity.volumes')),
    volumes.refused
      ? h('p', { class: 'notice', dataset: { refused: 'volumes' } }, t('activity.volumesRefused', { detail: volumes.refused.detail }))
      : volumesView(volumes.rows, day, t, fact),
    h('h3', {}, t('activity.ledger', { day })),
    h('dl', { class: 'facts' }, fact('ledger', 'blocks', ledger.blocks), fact('ledger', 'transactions', ledger.transactions), fact('ledger', 'events', ledger.events)),
    ledger.partial ? h('p', { class: 'notice' }, t('activity.partial', { blocks: ledger.read })) : null,
  ];
}

function volumesView(rows, day, t, fact) {
  const sides = ['Import', 'Export'].map(direction => ({
    direction,
    declarations: rows.filter(r => r.direction === direction).reduce((sum, r) => sum + r.declarations, 0),
    manifests: rows.filter(r => r.direction === direction).reduce((sum, r) => sum + r.manifests, 0),
  }));
  const [imports, exports] = sides;
  return [
    h('dl', { class: 'facts' },
      fact('volume', 'import', imports.declarations),
      fact('volume', 'export', exports.declarations),
      fact('volume', 'manifests', sides.reduce((sum, s) => sum + s.manifests, 0))),
    groupedBarChart({
      categories: sides.map(s => t(`activity.${s.direction.toLowerCase()}`)),
      series: [{ name: t('activity.declarations'), values: sides.map(s => s.declarations) }, { name: t('activity.manifests'), values: sides.map(s => s.manifests) }],
      format: value => number(value),
      labels: { caption: t('activity.caption', { day }), category: t('activity.direction'), table: t('table.show') },
    }),
  ];
}

/** Blocks, transactions and events committed in [dayStart, dayStart + 1 day), newest pages first. */
async function ledgerActivity(dayStartMs) {
  const dayEndMs = dayStartMs + DAY_MS;
  const totals = { blocks: 0, transactions: 0, events: 0, read: 0, partial: false };
  let cursor = null;
  for (let page = 0; page < MAX_BLOCK_PAGES; page += 1) {
    const answer = await get('/explorer/blocks', { limit: BLOCK_PAGE_LIMIT, cursor });
    for (const block of answer.items) {
      totals.read += 1;
      if (block.timestampMs >= dayStartMs && block.timestampMs < dayEndMs) {
        totals.blocks += 1;
        totals.transactions += block.transactionCount;
        totals.events += block.eventCount;
      }
    }
    const oldest = answer.items[answer.items.length - 1];
    if (!answer.nextCursor || !oldest || oldest.timestampMs < dayStartMs) return totals;
    cursor = answer.nextCursor;
  }
  totals.partial = true;
  return totals;
}

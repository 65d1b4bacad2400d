// Placeholder until this view is built on the shell (see views/exporter.js for the pattern and docs/dashboard.md).

import { h } from '../js/dom.js';
import { viewHeading } from '../js/ui.js';

export const texts = {
  'zh-CN': { heading: '系统运行看板', coming: '此视图正在建设中。' },
  en: { heading: 'Operations board', coming: 'This view is being built.' },
};

export function render(container, { t }) {
  container.append(viewHeading(t('heading')), h('p', { class: 'notice' }, t('coming')));
}

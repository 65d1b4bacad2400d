// Pieces every view uses: error boxes in the shell's words, loading notes, headings that take focus.

import { h, uid } from './dom.js';
import { translator } from './i18n.js';
import { texts } from './shell-texts.js';

const t = translator(texts);

/** The API's own detail (it is precise and names the parameter or rule), framed in the current language. */
export function describeError(error) {
  if (error?.status === 0) return t('error.network', { detail: error.detail });
  return t('error.generic', { status: error?.status ?? '?', detail: error?.detail || error?.message || String(error) });
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, describeError(error));
}

export function loadingNote() {
  return h('p', { class: 'loading', role: 'status' }, t('loading'));
}

/** The view's h1; it takes focus after navigation so screen readers announce where the user is. */
export function viewHeading(text) {
  return h('h1', { tabindex: '-1', class: 'view-heading' }, text);
}

/** A labelled form field: <label for> wiring, optional hint read with the field. */
export function field(labelText, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, hintNode);
}

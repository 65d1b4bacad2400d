// Element building without innerHTML: every text goes in as a text node, so data from the API can never become markup.

/**
 * h('button', { class: 'primary', type: 'submit', onclick: fn, dataset: { id: 'x' }, 'aria-label': '…' }, 'text', child)
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const svg = SVG_TAGS.has(tag);
  const element = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.setAttribute('class', value);
    else if (!svg && (name === 'value' || name === 'checked' || name === 'selected')) {
      // The attribute is the default a form reset returns to; the property is the current state.
      element.setAttribute(name, value === true ? '' : String(value));
      element[name] = value;
    }
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** Announces a short message to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes repeated identical messages be read again.
  setTimeout(() => { region.textContent = message; }, 50);
}

let idCounter = 0;

/** A document-unique id for label/aria wiring. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'g', 'rect', 'line', 'polyline', 'path', 'circle', 'text', 'title', 'desc']);

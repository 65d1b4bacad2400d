// The dashboard shell: language, login, navigation by role, and the current view.

import { clear, h } from './dom.js';
import { LANGUAGES, language, onLanguageChange, setLanguage, translator } from './i18n.js';
import { ApiError, get, onUnauthenticated, post } from './api.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { texts } from './shell-texts.js';
import { viewsFor } from './views.js';
import { describeError, field } from './ui.js';

const t = translator(texts);
const main = document.getElementById('main');
let cleanup = null;
/** Counts render() calls: a render that awaited its module draws only if no newer one started meanwhile. */
let renders = 0;
let pendingNotice = null;

function start() {
  const select = document.getElementById('language');
  select.value = language();
  document.documentElement.lang = language();
  select.addEventListener('change', () => setLanguage(select.value));
  onLanguageChange(() => render());
  document.getElementById('logout').addEventListener('click', () => signOut());
  // The route lives in the hash, so the skip link moves focus itself instead of navigating to #main.
  document.getElementById('skip-link').addEventListener('click', event => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => render());
  onUnauthenticated(error => {
    pendingNotice = t('login.expired', { detail: error.detail });
    signOut();
  });
  render();
}

function signOut() {
  clearSession();
  if (location.hash) history.replaceState(null, '', location.pathname);
  render();
}

/** #/view?param=value → { id, params } */
export function parseRoute(hash) {
  const [path, search] = (hash.replace(/^#\/?/, '') || '').split('?');
  return { id: path, params: new URLSearchParams(search ?? '') };
}

export function navigate(id, params = {}) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString();
  const hash = `#/${id}${search ? `?${search}` : ''}`;
  if (location.hash === hash) render();
  else location.hash = hash;
}

function renderChrome(session, views, activeId) {
  document.title = t('app.title');
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('brand-name').textContent = t('app.title');
  document.getElementById('language-label').textContent = t('language.label');
  document.getElementById('footer-text').textContent = t('app.footer');
  for (const option of document.getElementById('language').options) option.selected = option.value === language();
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  clear(nav);
  if (views.length > 0) {
    nav.append(h('ul', {}, views.map(view => h('li', {},
      h('a', { href: `#/${view.id}`, 'aria-current': view.id === activeId ? 'page' : null, dataset: { view: view.id } }, t(`nav.${view.id}`))))));
  }
  const logout = document.getElementById('logout');
  logout.textContent = t('logout');
  logout.hidden = !session;
  document.getElementById('who').textContent = session ? t('who.signedIn', { principal: session.principal, role: t(`role.${session.role}`) }) : '';
}

async function render() {
  const generation = ++renders;
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  const session = loadSession();
  if (!session) {
    renderChrome(null, [], null);
    renderLogin();
    return;
  }
  const views = viewsFor(session);
  const route = parseRoute(location.hash);
  const view = views.find(v => v.id === route.id) ?? (route.id ? null : views[0]);
  renderChrome(session, views, view?.id);
  clear(main);
  if (!view) {
    main.append(h('p', { class: 'notice' }, views.length === 0 ? t('view.none') : t('view.notFound')));
    return;
  }
  main.dataset.view = view.id;
  let module;
  try {
    module = await view.load();
  } catch (error) {
    main.append(h('p', { class: 'error', role: 'alert' }, t('view.loadFailed', { view: t(`nav.${view.id}`), detail: error.message })));
    return;
  }
  // A slower module may resolve after the user moved on: only the newest render draws, so no
  // stale view is drawn over a newer one and leaves its timers running without a cleanup.
  if (generation !== renders) return;
  clear(main);
  const result = module.render(main, { t: translator(module.texts), session, params: route.params, navigate });
  cleanup = typeof result === 'function' ? result : null;
  main.querySelector('h1')?.focus({ preventScroll: true });
}

function renderLogin() {
  clear(main);
  delete main.dataset.view;
  const principal = h('input', { type: 'text', name: 'principal', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const apiKey = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', spellcheck: 'false' });
  const passwordFields = h('div', { class: 'fields' }, field(t('login.principal'), principal), field(t('login.password'), password));
  const keyFields = h('div', { class: 'fields', hidden: true }, field(t('login.apiKey'), apiKey));
  const message = h('p', { class: pendingNotice ? 'error' : 'hint', role: 'alert' }, pendingNotice ?? '');
  pendingNotice = null;
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));
  const method = name => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'method', value: name, checked: name === 'password', onchange: () => switchMethod(name) }),
    t(name === 'password' ? 'login.withPassword' : 'login.withKey'));
  function switchMethod(name) {
    passwordFields.hidden = name !== 'password';
    keyFields.hidden = name === 'password';
    principal.required = password.required = name === 'password';
    apiKey.required = name !== 'password';
  }
  const form = h('form', { class: 'card login', 'aria-labelledby': 'login-heading', novalidate: false, onsubmit: async event => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = t('login.busy');
    message.className = 'hint';
    message.textContent = '';
    try {
      const byPassword = !passwordFields.hidden;
      await signIn(byPassword ? { principal: principal.value.trim(), password: password.value } : { apiKey: apiKey.value.trim() });
      render();
    } catch (error) {
      clearSession();
      message.className = 'error';
      message.textContent = t('login.failed', { detail: error instanceof ApiError ? error.detail || error.title : describeError(error) });
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  } },
  h('h1', { id: 'login-heading', tabindex: '-1' }, t('login.heading')),
  h('p', {}, t('login.intro')),
  h('fieldset', { class: 'methods' }, h('legend', {}, t('login.method')), method('password'), method('key')),
  passwordFields, keyFields, message, submit);
  main.append(form);
}

/** Password → signed token (POST /auth/token), or an API key used as the bearer; either way /session names the role. */
async function signIn({ principal, password, apiKey }) {
  let session;
  if (apiKey) {
    session = { credential: apiKey, kind: 'api-key' };
  } else {
    const token = await post('/auth/token', { principal, password });
    session = { credential: token.accessToken, kind: 'token', expiresAt: token.expiresAt };
  }
  saveSession(session);
  const who = await get('/session');
  saveSession({ ...session, ...who });
}

if (!LANGUAGES.includes(document.documentElement.lang)) document.documentElement.lang = language();
start();

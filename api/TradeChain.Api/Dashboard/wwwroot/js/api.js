// The API client of every view: same origin, the session's credential as bearer, problem documents as ApiError.

import { loadSession } from './session.js';

const BASE = '/api/v1';

/** An RFC 9457 problem (or a network failure, status 0) with the API's precise detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.type = problem?.type ?? '';
    this.title = problem?.title ?? '';
    this.detail = problem?.detail ?? '';
  }
}

const unauthenticatedListeners = new Set();

/** Called when the API answers 401 to a signed-in request (expired token, revoked key). */
export function onUnauthenticated(listener) {
  unauthenticatedListeners.add(listener);
}

/** GET /api/v1{path}?{params} as JSON. Parameters that are null, undefined or '' are left out. */
export function get(path, params) {
  return request('GET', path + query(params));
}

/** POST a JSON body (object) or raw bytes/text ({ body, contentType }). */
export function post(path, body, options = {}) {
  return request('POST', path + query(options.params), body, options.contentType);
}

export function del(path) {
  return request('DELETE', path);
}

/** GET a file (an export) and hand it to the browser as a download under the server's file name. */
export async function download(path, params, fallbackName) {
  const response = await send('GET', path + query(params));
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, bytes: blob.size };
}

export function query(params) {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request(method, path, body, contentType) {
  const response = await send(method, path, body, contentType);
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

async function send(method, path, body, contentType) {
  const headers = { Accept: 'application/json' };
  const session = loadSession();
  if (session) headers.Authorization = `Bearer ${session.credential}`;
  let payload;
  if (body !== undefined && body !== null) {
    if (contentType) {
      headers['Content-Type'] = contentType;
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body: payload, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, { title: 'network', detail: String(error?.message ?? error) });
  }
  if (response.ok) return response;
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // Not a problem document (a proxy's page); the status alone must do.
  }
  const error = new ApiError(response.status, problem);
  // A 401 while signing in is the sign-in's own failure; only a signed-in session has ended.
  if (response.status === 401 && session?.principal) {
    for (const listener of unauthenticatedListeners) listener(error);
  }
  throw error;
}

// The signed-in credential lives in sessionStorage: gone when the tab closes, never shared with other tabs.

const STORAGE_KEY = 'tradechain.session';

/** { credential, kind: 'token' | 'api-key', expiresAt?, principal, role, organisation, port?, enterpriseUscc?, partnerId? } or null */
export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!session?.credential) return null;
    if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(STORAGE_KEY);
}

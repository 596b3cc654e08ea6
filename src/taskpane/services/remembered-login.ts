import type { PaneLogin } from './pane-login.js';

const KEY = 'fieldbook.login';

/** The part of web storage the pane uses (a port, so tests can pass their own). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Where the pane keeps its login between openings. The password is never kept.
 * "Remember me" keeps the session token in localStorage (until it expires or the
 * rep signs out); without it the token lives in sessionStorage, gone when the pane
 * closes, and only the gateway address and user name are remembered.
 */
export class RememberedLogin {
  constructor(
    private readonly durable: KeyValueStorage = localStorage,
    private readonly perPane: KeyValueStorage = sessionStorage,
  ) {}

  read(): PaneLogin | null {
    const kept = parse(this.durable.getItem(KEY));
    if (!kept) return null;
    if (kept.sessionToken) return kept;
    const token = parse(this.perPane.getItem(KEY));
    return token && token.gatewayUrl === kept.gatewayUrl && token.userName === kept.userName
      ? { ...kept, sessionToken: token.sessionToken, expiresAt: token.expiresAt }
      : kept;
  }

  save(given: PaneLogin): void {
    // Only the known fields are written: nothing else a caller holds can leak into storage.
    const login = pick(given);
    if (login.remember) {
      this.durable.setItem(KEY, JSON.stringify(login));
      this.perPane.removeItem(KEY);
    } else {
      this.durable.setItem(KEY, JSON.stringify({ ...login, sessionToken: null, expiresAt: null }));
      this.perPane.setItem(KEY, JSON.stringify(login));
    }
  }

  /** Forgets the session but keeps the address and user name (sign out, expired session). */
  forgetSession(): void {
    const kept = this.read();
    this.perPane.removeItem(KEY);
    if (kept) this.durable.setItem(KEY, JSON.stringify({ ...kept, sessionToken: null, expiresAt: null }));
  }

  clear(): void {
    this.durable.removeItem(KEY);
    this.perPane.removeItem(KEY);
  }
}

function pick(login: PaneLogin): PaneLogin {
  const { gatewayUrl, userName, displayName, isAdmin, sessionToken, expiresAt, remember } = login;
  return { gatewayUrl, userName, displayName, isAdmin, sessionToken, expiresAt, remember };
}

function parse(text: string | null): PaneLogin | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<PaneLogin>;
    if (typeof value.gatewayUrl !== 'string' || typeof value.userName !== 'string') return null;
    return {
      gatewayUrl: value.gatewayUrl,
      userName: value.userName,
      displayName: typeof value.displayName === 'string' ? value.displayName : value.userName,
      isAdmin: value.isAdmin === true,
      sessionToken: typeof value.sessionToken === 'string' ? value.sessionToken : null,
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : null,
      remember: value.remember === true,
    };
  } catch {
    return null;
  }
}

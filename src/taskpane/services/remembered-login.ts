import { readDeviceLogin, saveDeviceLogin, type DeviceLogin, type LocalStore } from '../../store/index.js';
import type { PaneLogin } from './pane-login.js';

const KEY = 'fieldbook.session';

/** Where the pane keeps a session that must not reach the disk (a port, so tests can look into it). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where the device records who signed in last (store/device-login.ts); a port, so tests can pass their own. */
export interface DeviceLogins {
  read(): Promise<DeviceLogin | null>;
  save(login: DeviceLogin): Promise<void>;
}

const indexedDbDeviceLogins: DeviceLogins = { read: () => readDeviceLogin(), save: (login) => saveDeviceLogin(login) };

/**
 * Where the pane keeps its login between openings; never the password. All of it
 * lives where a browser crash cannot lose it, beside the data it belongs to:
 * - who signed in last: the device's IndexedDB (which store the pane opens at start);
 * - with "remember me", the session token: the rep's own store (its settings), so
 *   the pane syncs after a restart without asking;
 * - without it, the token stays in this page's memory only: a reload or a new pane
 *   opens on the offline data and asks for the password to sync. Not even
 *   sessionStorage: Chromium writes that to disk too, seconds later, where it
 *   outlives a crash.
 */
export class RememberedLogin {
  constructor(
    private readonly device: DeviceLogins = indexedDbDeviceLogins,
    private readonly perPane: KeyValueStorage = inMemoryStorage(),
  ) {}

  /** Who signed in on this device last, without a session yet (withSession adds it); null on a new device. */
  async last(): Promise<PaneLogin | null> {
    let who: DeviceLogin | null;
    try {
      who = await this.device.read();
    } catch {
      // Unreadable: start as a new device would; signing in again writes it anew.
      who = null;
    }
    return who && { ...who, sessionToken: null, expiresAt: null, remember: false };
  }

  /** `login` with the session it may use: this pane's own, else the one "remember me" kept in its store, else none. */
  async withSession(login: PaneLogin, store: LocalStore): Promise<PaneLogin> {
    const settings = await store.getSettings();
    const remember = settings.rememberMe === true;
    const own = readPaneSession(this.perPane.getItem(KEY));
    if (own && own.gatewayUrl === login.gatewayUrl && own.userName === login.userName)
      return { ...login, sessionToken: own.sessionToken, expiresAt: own.expiresAt, remember };
    const kept = remember ? (settings.rememberedSession ?? null) : null;
    return { ...login, sessionToken: kept?.sessionToken ?? null, expiresAt: kept?.expiresAt ?? null, remember };
  }

  /**
   * After a sign-in into `store` (the login's own). The store is written before the
   * device's record, so the login the device names always has its settings.
   */
  async save(login: PaneLogin, store: LocalStore): Promise<void> {
    const { gatewayUrl, userName, displayName, isAdmin, sessionToken, expiresAt, remember } = login;
    const kept = remember && sessionToken ? { sessionToken, expiresAt } : null;
    await store.updateSettings({ rememberMe: remember, rememberedSession: kept });
    if (remember || !sessionToken) this.perPane.removeItem(KEY);
    else this.perPane.setItem(KEY, JSON.stringify({ gatewayUrl, userName, sessionToken, expiresAt }));
    await this.device.save({ gatewayUrl, userName, displayName, isAdmin });
  }

  /** Forgets the session (sign-out, ended session) but not who signed in, nor their "remember me". */
  async forgetSession(store: LocalStore): Promise<void> {
    this.perPane.removeItem(KEY);
    await store.updateSettings({ rememberedSession: null });
  }
}

function inMemoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

interface PaneSessionEntry {
  readonly gatewayUrl: string;
  readonly userName: string;
  readonly sessionToken: string;
  readonly expiresAt: string | null;
}

function readPaneSession(text: string | null): PaneSessionEntry | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Record<keyof PaneSessionEntry, unknown>>;
    if (typeof value.gatewayUrl !== 'string' || typeof value.userName !== 'string' || typeof value.sessionToken !== 'string') return null;
    return {
      gatewayUrl: value.gatewayUrl,
      userName: value.userName,
      sessionToken: value.sessionToken,
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : null,
    };
  } catch {
    return null;
  }
}

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { DEVICE_DATABASE_NAME, openLocalStore, readDeviceLogin, saveDeviceLogin, type LocalStore } from '../../src/store/index.js';
import type { PaneLogin } from '../../src/taskpane/services/pane-login.js';
import { RememberedLogin, type DeviceLogins, type KeyValueStorage } from '../../src/taskpane/services/remembered-login.js';

/**
 * What the pane keeps between openings lives in IndexedDB (which a browser crash
 * does not lose): who signed in in the device's database, and with "remember me"
 * the session token in the rep's store. Without it, the token stays in the page's
 * memory. Never the password.
 */
class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

let seq = 0;
let store: LocalStore;
let device: DeviceLogins;
let gatewayUrl: string;

beforeEach(async () => {
  // A fresh device database per test: another gateway address each time.
  gatewayUrl = `https://gw${++seq}.example`;
  const indexedDB = new IDBFactory();
  device = { read: () => readDeviceLogin({ indexedDB }), save: (login) => saveDeviceLogin(login, { indexedDB }) };
  store = await openLocalStore({ gatewayUrl, userName: 'alice' });
});
afterEach(() => store.close());

const login = (remember: boolean): PaneLogin => ({
  gatewayUrl,
  userName: 'alice',
  displayName: 'Alice Bennett',
  isAdmin: false,
  sessionToken: 'token-1',
  expiresAt: '2026-11-23T09:00:00.000Z',
  remember,
});

/** Everything this device keeps on disk about the login: the device's record and the store's settings. */
async function onDisk(): Promise<string> {
  return JSON.stringify([await device.read(), await store.getSettings()]);
}

/** A new pane on the same device (after a reload, a restart or a crash): new memory, the same IndexedDB. */
async function reopen(perPane: KeyValueStorage = new MemoryStorage()): Promise<PaneLogin | null> {
  const remembered = new RememberedLogin(device, perPane);
  const last = await remembered.last();
  return last && remembered.withSession(last, store);
}

describe('RememberedLogin', () => {
  it('on a new device there is no login', async () => {
    expect(await new RememberedLogin(device, new MemoryStorage()).last()).toBeNull();
  });

  it('with "remember me", a new pane knows who signed in and has the session, all from IndexedDB', async () => {
    const perPane = new MemoryStorage();
    await new RememberedLogin(device, perPane).save(login(true), store);
    expect(perPane.items.size).toBe(0);
    expect(await reopen()).toEqual(login(true));
    expect((await store.getSettings()).rememberedSession).toEqual({ sessionToken: 'token-1', expiresAt: '2026-11-23T09:00:00.000Z' });
  });

  it('without it, the token stays in this page; a new pane knows who, not the session, and nothing on disk holds it', async () => {
    const perPane = new MemoryStorage();
    await new RememberedLogin(device, perPane).save(login(false), store);
    expect((await reopen(perPane))?.sessionToken).toBe('token-1');
    expect(await reopen()).toEqual({ ...login(false), sessionToken: null, expiresAt: null });
    expect(await onDisk()).not.toContain('token-1');
  });

  it('signing in without "remember me" drops a session an earlier sign-in remembered', async () => {
    await new RememberedLogin(device, new MemoryStorage()).save(login(true), store);
    await new RememberedLogin(device, new MemoryStorage()).save({ ...login(false), sessionToken: 'token-2' }, store);
    expect(await onDisk()).not.toMatch(/token-[12]/);
    expect((await reopen())?.sessionToken).toBeNull();
  });

  it('never stores a password, whatever it is given', async () => {
    for (const remember of [true, false]) {
      const perPane = new MemoryStorage();
      await new RememberedLogin(device, perPane).save({ ...login(remember), password: 'S3cret-pw' } as PaneLogin, store);
      expect([await onDisk(), ...perPane.items.values()].join()).not.toContain('S3cret-pw');
      expect(await reopen(perPane)).not.toHaveProperty('password');
    }
  });

  it('forgets the session but not who signed in nor "remember me"', async () => {
    const remembered = new RememberedLogin(device, new MemoryStorage());
    await remembered.save(login(true), store);
    await remembered.forgetSession(store);
    expect(await reopen()).toEqual({ ...login(true), sessionToken: null, expiresAt: null });
    expect(await onDisk()).not.toContain('token-1');
  });

  it('a device database that cannot be read counts as a new device', async () => {
    const broken: DeviceLogins = { read: () => Promise.reject(new Error('disk error')), save: () => Promise.resolve() };
    expect(await new RememberedLogin(broken, new MemoryStorage()).last()).toBeNull();
  });
});

/** Every row of the device database, read with IndexedDB itself. */
async function rawRows(indexedDB: IDBFactory): Promise<unknown[]> {
  const request = (r: IDBRequest) =>
    new Promise<unknown>((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('request failed'));
    });
  const db = (await request(indexedDB.open(DEVICE_DATABASE_NAME))) as IDBDatabase;
  try {
    return (await request(db.transaction('meta').objectStore('meta').getAll())) as unknown[];
  } finally {
    db.close();
  }
}

describe('the device database', () => {
  it('keeps only who signed in, and reading it on a new device creates nothing', async () => {
    const indexedDB = new IDBFactory();
    expect(await readDeviceLogin({ indexedDB })).toBeNull();
    expect(await indexedDB.databases()).toEqual([]);
    // Given more than who signed in (a whole login, session included): only who is kept.
    await saveDeviceLogin({ ...login(true), gatewayUrl: 'https://gw.example' }, { indexedDB });
    expect(await readDeviceLogin({ indexedDB })).toEqual({
      gatewayUrl: 'https://gw.example',
      userName: 'alice',
      displayName: 'Alice Bennett',
      isAdmin: false,
    });
    expect(JSON.stringify(await rawRows(indexedDB))).not.toContain('token-1');
  });
});

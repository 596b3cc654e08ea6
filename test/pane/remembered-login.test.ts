import type { PaneLogin } from '../../src/taskpane/services/pane-login.js';
import { RememberedLogin, type KeyValueStorage } from '../../src/taskpane/services/remembered-login.js';

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

const login = (remember: boolean): PaneLogin => ({
  gatewayUrl: 'https://gw.example',
  userName: 'alice',
  displayName: 'Alice Bennett',
  isAdmin: false,
  sessionToken: 'token-1',
  expiresAt: '2026-11-23T09:00:00.000Z',
  remember,
});

describe('RememberedLogin', () => {
  it('with "remember me", keeps the session token across pane openings (localStorage)', () => {
    const durable = new MemoryStorage();
    new RememberedLogin(durable, new MemoryStorage()).save(login(true));
    // A new pane: a new sessionStorage, the same localStorage.
    expect(new RememberedLogin(durable, new MemoryStorage()).read()).toEqual(login(true));
  });

  it('without it, keeps the token only for this pane and remembers only address and user name', () => {
    const durable = new MemoryStorage();
    const perPane = new MemoryStorage();
    new RememberedLogin(durable, perPane).save(login(false));
    expect(new RememberedLogin(durable, perPane).read()?.sessionToken).toBe('token-1');
    const reopened = new RememberedLogin(durable, new MemoryStorage()).read();
    expect(reopened).toMatchObject({ gatewayUrl: 'https://gw.example', userName: 'alice', sessionToken: null });
    expect([...durable.items.values()].join()).not.toContain('token-1');
  });

  it('never stores a password, whatever it is given', () => {
    const durable = new MemoryStorage();
    const perPane = new MemoryStorage();
    for (const remember of [true, false]) {
      new RememberedLogin(durable, perPane).save({ ...login(remember), password: 'S3cret-pw' } as PaneLogin);
      expect([...durable.items.values(), ...perPane.items.values()].join()).not.toContain('S3cret-pw');
      expect(new RememberedLogin(durable, perPane).read()).not.toHaveProperty('password');
    }
  });

  it('forgets the session but not who signed in; clear forgets everything', () => {
    const durable = new MemoryStorage();
    const remembered = new RememberedLogin(durable, new MemoryStorage());
    remembered.save(login(true));
    remembered.forgetSession();
    expect(remembered.read()).toMatchObject({ userName: 'alice', sessionToken: null, expiresAt: null });
    remembered.clear();
    expect(remembered.read()).toBeNull();
  });

  it.each(['', 'not json', '{"gatewayUrl":1}', 'null'])('treats unreadable stored text %j as no login', (text) => {
    const durable = new MemoryStorage();
    durable.setItem('fieldbook.login', text);
    expect(new RememberedLogin(durable, new MemoryStorage()).read()).toBeNull();
  });
});

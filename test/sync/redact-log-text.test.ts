import { ProtocolError } from '../../src/protocol/index.js';
import type { SyncLogEntry } from '../../src/store/index.js';
import { formatSyncLogEntry, LOG_TEXT_MAX, redactLogText, syncLogFile } from '../../src/sync/index.js';
import { logDetailsOf } from '../../src/sync/log-details-of.js';

// Shaped like the gateway's: randomBytes(32) base64url, `DB-` + randomBytes(16) base64url.
const SESSION_TOKEN = 'q2Xv-9ZkR_7bT1nYwLmA0sPe4uHdCf8gJiKoQrS3tU5';
const DATABASE_ID = 'DB-Zx81kQ-pLm2_RtY7vWn0aB';
const OPERATION_ID = 'op-3f2a9c1e-7b4d-4e2f-9a8c-1d2e3f4a5b6c';

describe('redactLogText: the words of an error as the sync log may keep them', () => {
  it.each<[string, string, string]>([
    ['plain engine words stay', 'You are offline or the gateway cannot be reached.', 'You are offline or the gateway cannot be reached.'],
    ['operation names and versions stay', 'DownloadMetadataFiles needs 1.02.00.00', 'DownloadMetadataFiles needs 1.02.00.00'],
    [
      'a ROW_ID stays (not a value, and support needs it)',
      'Account 1-37UGD1ABCDEFG was not found',
      'Account 1-37UGD1ABCDEFG was not found',
    ],
    ['apostrophes are not quotes', "Your company's configuration can't be used", "Your company's configuration can't be used"],
    ['a session token goes', `Bearer ${SESSION_TOKEN} expired`, 'Bearer [redacted] expired'],
    ['an operation id goes', `operation ${OPERATION_ID} was refused`, 'operation [redacted] was refused'],
    ['a database id keeps a short prefix only', `database id ${DATABASE_ID} was revoked`, 'database id DB-Zx81… was revoked'],
    ['a double-quoted value goes', 'The value "BEACON AS" already exists', 'The value "…" already exists'],
    ['a single-quoted value goes', "Name 'Jane Roe' is too long", 'Name "…" is too long'],
    ['a typographic quote goes', 'The value “Müller GmbH” is taken', 'The value "…" is taken'],
    ['an e-mail address goes', 'No contact for jane.roe@beacon.example.no', 'No contact for [e-mail]'],
    ['a password in a URL goes', 'fetch https://alice:s3cret@crm.example.com/api failed', 'fetch https://crm.example.com/api failed'],
    ['a token in a query goes', 'GET /pane?token=abc123&x=1 failed', 'GET /pane?token=[redacted]&x=1 failed'],
    ['line breaks become spaces', 'line one\nline two', 'line one line two'],
  ])('%s', (_case, text, expected) => {
    expect(redactLogText(text)).toBe(expected);
  });

  it('cuts long texts, so each entry stays small', () => {
    const cut = redactLogText('word '.repeat(200));
    expect(cut.length).toBe(LOG_TEXT_MAX);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('is idempotent: redacting twice (stored, then written to the file) changes nothing more', () => {
    const text = `x ${DATABASE_ID} "v" ${SESSION_TOKEN} a@b.example`;
    expect(redactLogText(redactLogText(text))).toBe(redactLogText(text));
  });
});

describe('logDetailsOf: only named, scalar details are kept', () => {
  it.each<[string, Record<string, unknown> | undefined, Record<string, string | number | boolean>]>([
    ['none', undefined, {}],
    [
      'the preferred version of an incompatible package',
      { preferredProduct: '1.02.00.00', productVersion: '1.00.00.00', supportedProducts: '1.02.00.00-1.02.99.99' },
      { preferredProduct: '1.02.00.00', productVersion: '1.00.00.00', supportedProducts: '1.02.00.00-1.02.99.99' },
    ],
    ['an operation and a status', { operation: 'Login', status: 502 }, { operation: 'Login', status: 502 }],
    ['a record’s fields never', { objectType: 'Account', fields: { Name: 'BEACON AS' }, local: { Name: 'x' } }, { objectType: 'Account' }],
    ['the site id and unknown keys never', { siteId: 'S-1A2B3C', sessionToken: SESSION_TOKEN, problems: ['a'] }, {}],
    ['a kept key with a secret inside is redacted', { operation: `Login ${SESSION_TOKEN}` }, { operation: 'Login [redacted]' }],
    ['objects and non-finite numbers under kept keys are dropped', { field: { value: 'x' }, timeoutMs: Number.NaN }, {}],
  ])('%s', (_case, details, expected) => {
    expect(logDetailsOf(details)).toEqual(expected);
  });
});

describe('formatSyncLogEntry and the file: no token, no value, whatever an entry holds', () => {
  const base: SyncLogEntry = {
    at: Date.UTC(2026, 10, 30, 20, 41, 3, 120),
    syncStartedAt: Date.UTC(2026, 10, 30, 20, 41, 0, 0),
    step: 'download',
    objectType: 'Contact',
    durationMs: 412,
    counts: { done: 120, total: 120, inserted: 120 },
    code: null,
    message: null,
    details: {},
  };

  it('writes one tab-separated line: time, sync, step, type, duration, counts, code, message, details', () => {
    expect(formatSyncLogEntry(base).split('\t')).toEqual([
      '2026-11-30T20:41:03.120Z',
      'sync 2026-11-30T20:41:00.000Z',
      'download',
      'Contact',
      '412 ms',
      'done=120 total=120 inserted=120',
      '-',
      '-',
      '-',
    ]);
  });

  it.each<[string, Partial<SyncLogEntry>]>([
    ['a token in the message', { message: `session ${SESSION_TOKEN} ended` }],
    ['a token in a detail', { details: { operation: SESSION_TOKEN } }],
    ['a full database id in the message', { message: `site ${DATABASE_ID} revoked` }],
    ['a value in the message', { message: 'The value "BEACON AS" is a duplicate' }],
    ['a value in the step name', { step: 'download "BEACON AS"' }],
    ['a value as an object type', { objectType: '"BEACON AS"' }],
    ['a tab or newline in the message', { message: 'a\tb\nc "BEACON AS"' }],
  ])('%s does not reach the line', (_case, patch) => {
    const line = formatSyncLogEntry({ ...base, ...patch });
    expect(line).not.toContain(SESSION_TOKEN);
    expect(line).not.toContain(DATABASE_ID);
    expect(line).not.toContain('BEACON AS');
    expect(line.split('\t')).toHaveLength(9);
  });

  it('the file has a header, the columns, and a line per entry; the gateway address loses any password', () => {
    const failed: SyncLogEntry = {
      ...base,
      step: 'failed',
      objectType: null,
      code: 'INCOMPATIBLE_PRODUCT',
      message: new ProtocolError('INCOMPATIBLE_PRODUCT', 'needs version 1.02.00.00').message,
      details: { preferredProduct: '1.02.00.00' },
    };
    const text = syncLogFile([base, failed], {
      userName: 'alice',
      gatewayUrl: 'https://alice:s3cret@crm.example.com',
      productVersion: '1.00.00.00',
      writtenAt: Date.UTC(2026, 10, 30, 21, 0),
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('# Fieldbook sync log');
    expect(lines[1]).toBe('# alice at https://crm.example.com, Fieldbook 1.00.00.00');
    expect(lines[2]).toBe('# Written 2026-11-30T21:00:00.000Z; 2 entries, oldest first.');
    expect(lines[4]?.split('\t')[0]).toBe('time');
    expect(lines).toHaveLength(7);
    expect(lines[6]).toContain('INCOMPATIBLE_PRODUCT');
    expect(lines[6]).toContain('preferredProduct=1.02.00.00');
    expect(text).not.toContain('s3cret');
  });
});

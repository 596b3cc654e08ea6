import { RECORD_TAG_TEXT } from '../../src/taskpane/records/record-tags.js';
import { reinstallPromptText } from '../../src/taskpane/services/reinstall-prompt-text.js';
import { syncStepLabel, syncStepWords } from '../../src/taskpane/services/sync-step-words.js';
import type { SyncStep } from '../../src/sync/index.js';

describe('syncStepWords: every step reads as a sentence, with and without an object type', () => {
  test.each<[SyncStep, string | null, string]>([
    ['session', null, 'Signing in…'],
    ['session', 'Accounts', 'Signing in…'],
    ['package', null, 'Checking the configuration…'],
    ['package', 'Accounts', 'Checking the configuration…'],
    ['resolutions', null, 'Applying your conflict answers…'],
    ['resolutions', 'Contacts', 'Applying your conflict answers to contacts…'],
    ['upload', null, 'Sending your changes…'],
    ['upload', 'Accounts', 'Sending your changes to accounts…'],
    ['download', null, 'Downloading records…'],
    ['download', 'Opportunities', 'Downloading opportunities…'],
    ['cleanup', null, 'Tidying up…'],
    ['cleanup', 'Activities', 'Tidying up activities…'],
  ])('%s about %s: %s', (step, label, expected) => {
    expect(syncStepWords(step, label)).toBe(expected);
    // The progress bar's name is the same words without the ellipsis.
    expect(syncStepLabel(step, label)).toBe(expected.slice(0, -1));
  });
});

describe('record tags: one wording for a change not synced yet', () => {
  test.each<[keyof typeof RECORD_TAG_TEXT, string]>([
    ['unsynced', 'Not synced'],
    ['readonly', 'Read-only'],
    ['conflict', 'Conflict'],
  ])('%s reads "%s"', (tag, text) => {
    expect(RECORD_TAG_TEXT[tag]).toBe(text);
  });
});

describe('reinstallPromptText: says what becomes of the changes not sent yet, with "Reinstall now" / "Later"', () => {
  test.each<['uploadThenReinstall' | 'reinstallWithArchive', number, RegExp, RegExp | null]>([
    ['uploadThenReinstall', 0, /You have no changes waiting to be sent, so nothing of yours is lost\./, /archive/],
    ['reinstallWithArchive', 0, /You have no changes waiting to be sent, so nothing of yours is lost\./, /archive/],
    [
      'uploadThenReinstall',
      1,
      /^Reinstall now first sends your 1 change not yet synced, then removes the records on this device/,
      /archive/,
    ],
    ['uploadThenReinstall', 3, /^Reinstall now first sends your 3 changes not yet synced, then removes/, /archive/],
    [
      'reinstallWithArchive',
      1,
      /^Your 1 change not yet synced cannot be sent .*keeps it in the archive \(Issues → Archive\), where you can view and export it, then removes/,
      /sends/,
    ],
    [
      'reinstallWithArchive',
      2,
      /^Your 2 changes not yet synced cannot be sent .*keeps them in the archive \(Issues → Archive\), where you can view and export them, then removes/,
      /sends/,
    ],
  ])('%s with %d unsent', (action, unsent, says, never) => {
    const prompt = reinstallPromptText(action, unsent);
    expect(prompt).toMatchObject({ title: 'New configuration', confirm: 'Reinstall now', cancel: 'Later' });
    expect(prompt.body[1]).toMatch(says);
    if (never) expect(prompt.body[1]).not.toMatch(never);
    expect(prompt.body[2]).toBe('Later keeps the current configuration for now; Fieldbook asks again at the next sync.');
    // Siebel's wording names Yes/No buttons the prompt no longer has.
    expect(prompt.body.join(' ')).not.toMatch(/\b(Yes|No)\b/);
  });
});

import {
  exportedChangesText,
  REPLACED_TITLE,
  replacedDeviceText,
  replacedSyncNote,
} from '../../src/taskpane/services/replaced-device-text.js';
import { setDisplayLanguage } from '../../src/taskpane/format/display-format.js';

// Counts are grouped in the display language (format/display-format.ts): pinned to en-US here.
beforeAll(() => setDisplayLanguage('en-US'));

const WHEN = '30 Nov 2026, 16:40';

describe('what a replaced device tells the rep', () => {
  test.each<[string, number, RegExp, boolean]>([
    [
      'nothing unsent: no export offered',
      0,
      /^Since 30 Nov 2026, 16:40 it can no longer sync or change records\. Nothing is waiting to be sent/,
      false,
    ],
    [
      'one unsent change',
      1,
      /It still holds 1 unsent change: export it, then import it on your new device \(Issues → Archive → Import changes\)\.$/,
      true,
    ],
    [
      'several, counted with separators',
      1234,
      /It still holds 1,234 changes that were not sent: export them, then import them on your new device \(Issues → Archive → Import changes\)\.$/,
      true,
    ],
  ])('%s', (_name, unsent, next, canExport) => {
    const text = replacedDeviceText(WHEN, unsent);
    expect(text.title).toBe('This device was replaced by your administrator.');
    expect(text.title).toBe(REPLACED_TITLE);
    expect(text.next).toMatch(next);
    expect(text.next).toContain(`Since ${WHEN}`);
    expect(text.canExport).toBe(canExport);
  });

  test('the export confirmation names the count and the file', () => {
    expect(exportedChangesText(2, 'fieldbook-archive-2026-11-30.json')).toBe('Exported 2 changes to fieldbook-archive-2026-11-30.json.');
    expect(exportedChangesText(1, 'f.json')).toBe('Exported 1 change to f.json.');
  });

  test('the Sync panel says since when and where the export is', () => {
    expect(replacedSyncNote(WHEN)).toBe(
      `This device was replaced by your administrator on ${WHEN}: it can no longer sync. Export its unsent changes from the message above.`,
    );
  });
});

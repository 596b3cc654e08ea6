import type { ArchiveEntry } from '../../store/index.js';
import { downloadFile } from '../dom/download-file.js';
import type { PaneSession } from '../services/pane-session.js';
import { archiveFileName } from './archive-file-name.js';
import { changesFileJson, namesFromStore } from './changes-file-json.js';

/**
 * Downloads `entries` as a changes file (changes-file-json.ts) named by the day,
 * with the names of their records and the records they refer to as this device
 * knows them. Answers the file name.
 */
export async function exportChanges(session: PaneSession, entries: readonly ArchiveEntry[]): Promise<string> {
  const pkg = await session.package().catch(() => null);
  const now = new Date();
  const json = await changesFileJson(entries, {
    pkg,
    userName: session.login.userName,
    gatewayUrl: session.login.gatewayUrl,
    exportedAt: now.getTime(),
    nameOf: namesFromStore(session.store, pkg),
  });
  const name = archiveFileName('json', now);
  downloadFile(name, 'application/json', json);
  return name;
}

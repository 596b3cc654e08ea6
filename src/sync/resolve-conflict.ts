import type { CrmRecord, FieldValue } from '../protocol/index.js';
import type { LocalRecord, Resolution, SyncIssue } from '../store/index.js';
import { recordFromServer } from './merge-server-record.js';

type Fields = Readonly<Record<string, FieldValue>>;

/** What the engine writes for a resolved issue: the record to put, or `remove` it; `{}` leaves it as it is. */
export interface ResolutionOutcome {
  readonly put?: LocalRecord;
  readonly remove?: boolean;
}

/**
 * Carries out the rep's choice for one issue of the conflicts log (Siebel:
 * "Prompts the user to choose the changes to keep"). The result is a local
 * record the next sync handles like any other: a change left `updated`,
 * `created` or `deleted` is uploaded by the usual classification, a `clean` one
 * is left alone.
 *
 * Every result that sends something again has `pending: null`: the refused
 * request was not applied (the gateway rolls back a refused operation) and the
 * new one differs (another modification number, other fields), so it needs a
 * new operation id — the gateway refuses a reused id with other content.
 * `now` stamps `changedAt` on results that still carry the rep's changes: the
 * decision is the rep's latest change to the record.
 *
 * Throws a RangeError when the issue has no resolution, when `record` is not the
 * issue's record, or when the resolution needs the local record and it is
 * missing. Resolutions built from the server's version alone, removals and
 * "keep as is" do not need it.
 *
 * A bothUpdated or deletedVsUpdated issue without a server version (the record
 * was deleted on the server between its change key and its fetch) is resolved
 * as what it has become: updated vs deleted, or deleted on both sides.
 */
export function applyResolution(issue: SyncIssue, record: LocalRecord | undefined, now: number): ResolutionOutcome {
  const resolution = issue.resolution;
  if (resolution === null) throw new RangeError(`applyResolution: issue ${issue.id} has no resolution`);
  if (record !== undefined && (record.localId !== issue.localId || record.objectType !== issue.objectType)) {
    throw new RangeError(`applyResolution: record ${record.objectType}/${record.localId} is not the record of issue ${issue.id}`);
  }
  const choice = resolution.choice;

  switch (issue.kind) {
    case 'bothUpdated': {
      // "Update the record in IBM Notes and on the Siebel Server."
      const server = issue.server;
      // No server version: it was deleted between its change key and its fetch.
      if (server === null) return keepAsNewRecord(issue, record, choice, now);
      if (choice === 'server') return { put: fromServer(issue, server, record) };
      const rec = requireRecord(issue, record, choice);
      const fields = choice === 'local' ? rec.fields : pickFields(rec.fields, server.fields, rec.base ?? {}, resolution.pick);
      return { put: rebasedOnServer(rec, fields, server, now) };
    }

    case 'updatedVsDeleted':
      // "Update the record in one data set and delete the record in the other":
      // the server deleted it. There is no server value to pick per field, so
      // 'fields' can only mean the rep's version.
      return keepAsNewRecord(issue, record, choice, now);

    case 'deletedVsUpdated': {
      // The rep deleted it, the server changed it. The rep's side has no fields,
      // so a per-field pick can only pick the server's values: 'fields' keeps the
      // record as the server has it, the less destructive reading.
      const server = issue.server;
      // No server version: deleted there too (between its change key and its fetch);
      // both sides agree, whatever the choice.
      if (server === null) return { remove: true };
      if (choice !== 'local') return { put: fromServer(issue, server, record) };
      const rec = requireRecord(issue, record, choice);
      // The server's modification number lets the next DeleteRecord through.
      return {
        put: {
          ...rec,
          rowId: server.rowId,
          lastUpd: server.lastUpd,
          modNum: server.modNum,
          owner: server.owner,
          updatedBy: server.updatedBy,
          base: { ...server.fields },
          state: 'deleted',
          pending: null,
          changedAt: now,
        },
      };
    }

    case 'duplicate': {
      // Siebel: a created record that matches a user key "raises a synchronization
      // issue that prevents the insert". 'server': the server's record is the one
      // to keep; it arrives by the sync like any server record (if visible).
      if (choice === 'server') return { remove: true };
      // 'local' (or 'fields', which has no meaning without a server record to merge
      // into): insert again, after the rep changed the user-key fields or to retry.
      const rec = requireRecord(issue, record, choice);
      if (rec.state !== 'created') {
        throw new RangeError(`applyResolution: duplicate issue ${issue.id} on a ${rec.state} record (only inserts meet user keys)`);
      }
      return { put: { ...rec, pending: null, changedAt: now } };
    }

    case 'failed': {
      // Siebel "attempts to do this operation again during the next synchronization
      // session": keeping it (or 'fields', meaningless without a server version)
      // changes nothing; the outbox entry, pending request included, is retried.
      if (choice !== 'server') return {};
      const rec = requireRecord(issue, record, choice);
      // Giving up the change: back to the server's values as last seen. A record
      // that never reached the server has no such values: it goes.
      if (rec.base === null) return { remove: true };
      return { put: { ...rec, fields: { ...rec.base }, state: 'clean', pending: null, changedAt: null } };
    }
  }
}

/**
 * Updated here, gone on the server: 'server' removes it here; otherwise the rep's
 * version comes back as a new record, since the old ROW_ID is gone for good.
 * Origin 'local' keeps it across a reinstall until it is uploaded.
 */
function keepAsNewRecord(issue: SyncIssue, record: LocalRecord | undefined, choice: Resolution['choice'], now: number): ResolutionOutcome {
  if (choice === 'server') return { remove: true };
  const rec = requireRecord(issue, record, choice);
  return {
    put: {
      ...rec,
      rowId: null,
      lastUpd: null,
      modNum: null,
      base: null,
      state: 'created',
      origin: 'local',
      pending: null,
      changedAt: now,
    },
  };
}

/** The server's version, clean, under the issue's localId (also when the local record is gone). */
function fromServer(issue: SyncIssue, server: CrmRecord, record: LocalRecord | undefined): LocalRecord {
  return { ...recordFromServer(server, issue.objectType, record), localId: issue.localId };
}

/**
 * Keeps `fields` against the server's current version: its change key and
 * modification number, so the next UpdateRecord is accepted, and its fields as
 * the base the upload is computed from. Clean if nothing is left to upload.
 */
function rebasedOnServer(rec: LocalRecord, fields: Fields, server: CrmRecord, now: number): LocalRecord {
  const clean = sameFields(fields, server.fields);
  return {
    ...rec,
    rowId: server.rowId,
    lastUpd: server.lastUpd,
    modNum: server.modNum,
    owner: server.owner,
    updatedBy: server.updatedBy,
    fields: { ...fields },
    base: { ...server.fields },
    state: clean ? 'clean' : 'updated',
    origin: 'crm',
    pending: null,
    changedAt: clean ? null : now,
  };
}

/**
 * The per-field merge: each named field takes the picked side's value. A field
 * the rep did not name takes the side that changed it since the last sync (a
 * three-way merge against the base): the rep only has to choose where both
 * changed. A field the chosen side does not have is left out — or, when the
 * server has a value, set to null, so the upload clears it on the server (the
 * gateway clears a field sent as null) instead of silently keeping it.
 */
function pickFields(
  local: Fields,
  server: Fields,
  base: Fields,
  pick: Readonly<Record<string, 'local' | 'server'>>,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const names = new Set([...Object.keys(local), ...Object.keys(server)]);
  for (const name of names) {
    const named = Object.hasOwn(pick, name) ? pick[name] : undefined;
    const localChanged = (local[name] ?? null) !== (base[name] ?? null);
    const side = named === 'server' || (named === undefined && !localChanged) ? server : local;
    if (Object.hasOwn(side, name)) out[name] = side[name] ?? null;
    else if (Object.hasOwn(server, name) && server[name] !== null) out[name] = null;
  }
  return out;
}

/** Equal as the server stores them: a null field and a missing field are the same (the gateway drops nulls). */
function sameFields(a: Fields, b: Fields): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) {
    const x = Object.hasOwn(a, name) ? (a[name] ?? null) : null;
    const y = Object.hasOwn(b, name) ? (b[name] ?? null) : null;
    if (x !== y) return false;
  }
  return true;
}

function requireRecord(issue: SyncIssue, record: LocalRecord | undefined, choice: Resolution['choice']): LocalRecord {
  if (record === undefined) {
    throw new RangeError(
      `applyResolution: resolving ${issue.kind} issue ${issue.id} for '${choice}' needs its local record, which is missing`,
    );
  }
  return record;
}

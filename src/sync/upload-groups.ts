import type { ObjectDefinition } from '../metadata/index.js';
import type { LocalRecord } from '../store/index.js';
import { batchReferences, batchTempIdOf } from './batch-references.js';

/**
 * The records of one upload, in groups that go into the same ApplyChanges batch, in
 * the given order except that an insert comes before the records of the list that
 * refer to it (a parent account before its branches), so those may refer to it by
 * tempId in its batch, or by its ROW_ID in a later one, instead of waiting a sync.
 *
 * A group is one record, except for requests already pending that refer to each
 * other by tempId: an interrupted sync sent them in one batch, one transaction, so
 * either all of them were applied or none. Resent in one batch, the tempIds stand for
 * the same records again; split over two batches, a reference could name an insert
 * applied by the request before, and the gateway would refuse it. Pure: the caller
 * prepares and sends.
 */
export function uploadGroups(object: ObjectDefinition, records: readonly LocalRecord[]): LocalRecord[][] {
  const insertAt = new Map<string, number>();
  for (const [i, r] of records.entries()) {
    const inserts = r.pending === null ? r.state === 'created' : r.pending.kind === 'insert';
    if (inserts && batchTempIdOf(r.localId) !== null) insertAt.set(r.localId, i);
  }
  // The inserts of the list each record refers to: by the request in flight, else by what it would send.
  const refersTo = records.map((r) =>
    batchReferences(object, r.pending?.fields ?? r.fields).flatMap((id) => {
      const at = insertAt.get(id);
      return at === undefined || records[at] === r ? [] : [at];
    }),
  );
  // Requests in flight that refer to each other stay together.
  const linked: number[][] = records.map(() => []);
  for (const [i, targets] of refersTo.entries()) {
    for (const t of targets) {
      if (records[i]?.pending == null || records[t]?.pending == null) continue;
      linked[i]?.push(t);
      linked[t]?.push(i);
    }
  }
  const groupOf = new Map<number, number>();
  const members: number[][] = [];
  for (const start of records.keys()) {
    if (groupOf.has(start)) continue;
    const group = connected(start, linked);
    for (const i of group) groupOf.set(i, members.length);
    members.push(group);
  }
  // Referenced first: groups, then the records inside a group; cycles keep the given order.
  const out: LocalRecord[][] = [];
  const emitted = new Set<number>();
  const visitGroup = (g: number) => {
    if (emitted.has(g)) return;
    emitted.add(g);
    for (const i of members[g] ?? []) for (const t of refersTo[i] ?? []) visitGroup(groupOf.get(t) ?? g);
    const placed = new Set<number>();
    const ordered: LocalRecord[] = [];
    const visit = (i: number) => {
      if (placed.has(i) || groupOf.get(i) !== g) return;
      placed.add(i);
      for (const t of refersTo[i] ?? []) visit(t);
      ordered.push(records[i] as LocalRecord);
    };
    members[g]?.forEach(visit);
    out.push(ordered);
  };
  members.forEach((_, g) => visitGroup(g));
  return out;
}

/** The indexes linked to `start`, itself included, in ascending order. */
function connected(start: number, linked: readonly (readonly number[])[]): number[] {
  const seen = new Set([start]);
  const queue = [start];
  for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
    for (const j of linked[i] ?? []) {
      if (seen.has(j)) continue;
      seen.add(j);
      queue.push(j);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

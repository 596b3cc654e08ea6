/**
 * A record's change key as the store's `[rowId+lastUpd]` index holds it: what
 * reconciliation compares, read without the record's body (a no-change sync
 * reads no record bodies). Records without a row id (created here, not yet
 * uploaded) are not in that index.
 */
export interface StoredChangeKey {
  readonly localId: string;
  readonly rowId: string;
  readonly lastUpd: string;
}

/**
 * What the last clean-up knew, kept for the next sync's reconciliation: the row ids
 * of the records kept read-only (outside the filters, referenced), per object type.
 * They are left out of the device's side of the comparison, since the gateway's side
 * never holds them. Only a hint: a stale entry costs a few more ranges, never a
 * wrong result (a record listed by the gateway is compared whatever the hint said).
 */
export interface SyncHints {
  readonly readOnlyRowIds: Readonly<Record<string, readonly string[]>>;
}

/**
 * What the engine learnt of one object type's device side (its keys minus the rows
 * SyncHints leaves out): the fingerprint of those keys and the newest DB_LAST_UPD.
 * Kept with the store's key generation of the type, so a sync where nothing changed
 * compares without reading a key: the store moves the generation on with every write
 * that can change a change key, and a summary of an older generation is not answered.
 */
export interface KeySummary {
  readonly fingerprint: { readonly count: number; readonly hash: string };
  readonly newest: string | null;
}

/** The type's key generation now, and the summary saved for exactly that generation, if any. */
export interface KeySummaryState {
  readonly generation: number;
  readonly summary: KeySummary | null;
}

import type { KeyExchange } from '../metadata/index.js';
import type { LocalStore } from '../store/index.js';
import type { SyncLock } from './sync-lock.js';
import type { Transport } from './transport.js';

/**
 * How the engine opens its session: a password (the engine logs in and out), or a
 * session the pane already opened (the pane's "remember me" keeps only this token;
 * the engine neither logs in nor ends it).
 */
export type Credentials =
  { readonly userName: string; readonly password: string } | { readonly userName: string; readonly sessionToken: string };

export interface SyncEngineOptions {
  readonly store: LocalStore;
  readonly transport: Transport;
  /** Asked at the start of every session; the password is never stored by the engine. */
  readonly credentials: () => Promise<Credentials>;
  readonly deviceName: string;
  readonly productVersion?: string;
  readonly now?: () => number;
  readonly newOperationId?: () => string;
  readonly lock?: SyncLock;
  /** How changes are found, whatever the package says (benchmarks and tests compare both); the package's `keyExchange` when absent. */
  readonly keyExchange?: KeyExchange;
  /**
   * true: a type the device holds nothing of is streamed as whole records (ListRecords).
   * false: it is downloaded like any other, by its change keys and QueryRecords (the
   * Siebel way; benchmarks compare both). By default true in reconcile mode, false in
   * Siebel mode, so a package with keyExchange="siebel" syncs entirely the old way.
   */
  readonly streamFirstSync?: boolean;
  /** The longest wait for one gateway answer, in ms; the transport's own limit (60 s by default) when absent. */
  readonly callTimeoutMs?: number;
}

export interface SyncOptions {
  /** Upload local changes only; download nothing (the control panel's "Sync local changes only"). */
  readonly localOnly?: boolean;
  /**
   * Stop after the session and package steps: the first-run assistant installs the
   * package, lets the rep choose filters from it, then runs the data sync.
   */
  readonly packageOnly?: boolean;
  /** The rep agreed to the reinstall prompt. */
  readonly confirmReinstall?: boolean;
  /** Cancels the sync, the request in flight included. */
  readonly signal?: AbortSignal;
}

import Dexie, { type Transaction } from 'dexie';
import { readInstalledSchema } from './read-installed-schema.js';
import { dexieStoreSyntax, DEXIE_META_TABLE, sameSchema, sameTableShape, type SchemaShape, type TableShape } from './schema-shape.js';
import { SharedExclusiveLock } from './shared-exclusive-lock.js';

/** The IndexedDB implementation to use (the browser's, or fake-indexeddb in tests). */
export interface IndexedDbDeps {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
}

/** Fills the tables inside the transaction that changes the structure. */
export type RestructureWork = (transaction: Transaction) => Promise<void>;

/** How often a structure change is retried when another connection changed the structure at the same moment. */
const MAX_ATTEMPTS = 3;

/**
 * The one place that knows how the store's structure lives in IndexedDB through
 * Dexie. The record tables change with the customization package, so no schema is
 * declared up front:
 *
 * - Opening is dynamic (`new Dexie(name).open()` without a version): Dexie reads
 *   the installed tables and `verno` (native version / 10). The fixed tables are
 *   added on first open.
 * - A structure change closes the connection and reopens with `verno + 1`
 *   declaring every wanted table (tables no longer wanted are declared null, so
 *   Dexie deletes them). The data work of the change runs in Dexie's upgrade
 *   callback, i.e. inside the native `versionchange` transaction: structure and
 *   data commit together or not at all.
 * - Other connections to the same database (a second pane, a second store object)
 *   get `versionchange` when someone upgrades: the handler closes the connection
 *   at once (so the upgrade is never blocked) and the next call reopens lazily and
 *   reads the new structure. A call that meets the closed connection before its
 *   transaction started is retried on the new one.
 *
 * Within one connection object, calls run under a shared lock and structure
 * changes under an exclusive one, so a change never closes the database under a
 * running call of the same object. Across connections, IndexedDB orders things:
 * transactions already running on a connection that is closing still complete
 * before the upgrade starts.
 */
export class DatabaseConnection {
  private readonly lock = new SharedExclusiveLock();
  /** The connection being opened or open; null when none (never opened, closed by another's upgrade). */
  private current: Promise<Dexie> | null = null;
  /** What `current` resolved to, once it has. */
  private openDb: Dexie | null = null;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly deps: IndexedDbDeps,
    /** Tables that must always exist (created on open when missing, kept by every change). */
    private readonly fixedSchema: SchemaShape,
  ) {}

  /**
   * Runs `work` with the open database. `work` should be one transaction: when the
   * connection turns out to be closed before it starts (another connection
   * upgraded in between), it is run again on a fresh connection.
   */
  use<T>(work: (db: Dexie) => Promise<T>): Promise<T> {
    return this.lock.shared(async () => {
      for (let attempt = 1; ; attempt++) {
        const db = await this.connect();
        try {
          return await work(db);
        } catch (error) {
          if (this.closed || attempt >= MAX_ATTEMPTS || !isDatabaseClosed(error)) throw error;
          this.forget(db);
        }
      }
    });
  }

  /** The structure installed now, read from the native database. */
  installedSchema(): Promise<SchemaShape> {
    return this.use((db) => Promise.resolve(readInstalledSchema(backendOf(db))));
  }

  /**
   * Makes the installed structure exactly `wanted` and runs `work` in the same
   * transaction: the upgrade transaction when the structure differs, an ordinary
   * read-write transaction over all wanted tables when it is already right.
   */
  restructure(wanted: SchemaShape, work: RestructureWork): Promise<void> {
    return this.lock.exclusive(async () => {
      for (let attempt = 1; ; attempt++) {
        const db = await this.connect();
        const idb = db.backendDB();
        if (idb === null) {
          // Closed by another connection's upgrade between connect and here: look again.
          this.forget(db);
          if (attempt >= MAX_ATTEMPTS) throw new Dexie.DatabaseClosedError('The database kept being changed by another connection');
          continue;
        }
        const installed = readInstalledSchema(idb);
        if (sameSchema(installed, wanted)) {
          try {
            await db.transaction('rw', [...wanted.keys()], (transaction) => work(transaction));
            return;
          } catch (error) {
            // Closed before the transaction started: the structure may have changed, look again.
            if (!isDatabaseClosed(error) || attempt >= MAX_ATTEMPTS) throw error;
            continue;
          }
        }
        this.forget(db);
        db.close();
        const upgraded = await this.upgrade(nextVersion(db.verno), installed, wanted, work);
        if (upgraded !== null) {
          this.current = Promise.resolve(upgraded);
          this.openDb = upgraded;
          return;
        }
        if (attempt >= MAX_ATTEMPTS) throw new Dexie.DatabaseClosedError('The database kept being changed by another connection');
      }
    });
  }

  /** Closes the connection after the calls already running; later calls fail with DatabaseClosedError. */
  close(): Promise<void> {
    this.closed = true;
    return this.lock.exclusive(async () => {
      const current = this.current;
      this.current = null;
      this.openDb = null;
      if (current !== null) (await current.catch(() => null))?.close();
    });
  }

  private connect(): Promise<Dexie> {
    if (this.closed) return Promise.reject(new Dexie.DatabaseClosedError('The local store was closed'));
    if (this.current === null) {
      const opening = this.openWithFixedTables();
      this.current = opening;
      // Registered before any caller's continuation, so openDb is set before a caller uses the connection.
      opening.then(
        (db) => {
          if (this.current === opening) this.openDb = db;
        },
        () => {
          if (this.current === opening) this.current = null;
        },
      );
    }
    return this.current;
  }

  private async openWithFixedTables(): Promise<Dexie> {
    for (let attempt = 1; ; attempt++) {
      // allowEmptyDB: a dynamic open of a database that does not exist creates it
      // (empty, native version 1) instead of failing with NoSuchDatabaseError.
      const db = new Dexie(this.name, { ...this.deps, autoOpen: false, allowEmptyDB: true });
      this.watch(db);
      try {
        await db.open();
      } catch (error) {
        db.close();
        throw error;
      }
      const installed = readInstalledSchema(backendOf(db));
      const missing = [...this.fixedSchema].filter(([name, shape]) => {
        const have = installed.get(name);
        return have === undefined || !sameTableShape(have, shape);
      });
      if (missing.length === 0) return db;
      db.close();
      const wanted = new Map<string, TableShape>([...installed].filter(([name]) => name !== DEXIE_META_TABLE));
      for (const [name, shape] of missing) wanted.set(name, shape);
      const upgraded = await this.upgrade(nextVersion(db.verno), installed, wanted, async () => {});
      if (upgraded !== null) return upgraded;
      if (attempt >= MAX_ATTEMPTS) throw new Dexie.DatabaseClosedError('The database kept being changed by another connection');
    }
  }

  /**
   * Opens the database at `version` declaring exactly `wanted`. Returns null when
   * the upgrade did not run because another connection got to a version at least
   * as high first (Dexie then opens the existing version instead): the caller
   * looks at the structure again.
   */
  private async upgrade(version: number, installed: SchemaShape, wanted: SchemaShape, work: RestructureWork): Promise<Dexie | null> {
    const stores: Record<string, string | null> = {};
    // Dexie deletes every table the new version does not declare; null says so explicitly.
    // Its own $meta table is left to Dexie (it drops it itself once the version is clean).
    for (const name of installed.keys()) if (!wanted.has(name) && name !== DEXIE_META_TABLE) stores[name] = null;
    for (const [name, shape] of wanted) stores[name] = dexieStoreSyntax(shape);

    const db = new Dexie(this.name, { ...this.deps, autoOpen: false });
    this.watch(db);
    let ran = false;
    db.version(version)
      .stores(stores)
      .upgrade(async (transaction) => {
        ran = true;
        await work(transaction);
      });
    try {
      await db.open();
    } catch (error) {
      db.close();
      throw error;
    }
    if (!ran) {
      db.close();
      return null;
    }
    return db;
  }

  /** Subscribed before opening, so no `versionchange` can reach Dexie's default handler. */
  private watch(db: Dexie): void {
    db.on('versionchange', () => {
      this.forget(db);
      db.close();
      // false stops Dexie's default handler (which would only log and close again).
      return false;
    });
    // The browser may close a connection itself (site data cleared): reopen next time.
    db.on('close', () => this.forget(db));
  }

  /** Drops `db` as the current connection if it is the current one, so the next call reopens. */
  private forget(db: Dexie): void {
    if (this.openDb !== db) return;
    this.openDb = null;
    this.current = null;
  }
}

function nextVersion(verno: number): number {
  // verno is fractional when something other than Dexie bumped the native version.
  return Math.floor(verno) + 1;
}

function backendOf(db: Dexie): IDBDatabase {
  const idb = db.backendDB();
  if (idb === null) throw new Dexie.DatabaseClosedError('The connection was closed by another connection');
  return idb;
}

function isDatabaseClosed(error: unknown): boolean {
  return error instanceof Error && error.name === Dexie.errnames.DatabaseClosed;
}

import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL cluster of its own in a temporary folder, for tests and local runs; gone after `stop`. */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface ThrowawayOptions {
  /**
   * Trade durability for speed (fsync, synchronous_commit and full-page writes off): for
   * tests, whose cluster is thrown away anyway. Leave it off to measure (bench:load).
   */
  readonly fast?: boolean;
  /** Connections the server accepts (default 200: several gateways' pools). */
  readonly maxConnections?: number;
}

/**
 * Starts a throwaway PostgreSQL cluster: `initdb` into a new temporary folder, then
 * `pg_ctl start` on a free loopback port with its socket in that folder. PostgreSQL
 * refuses to run as root, so as root the server runs as the `postgres` user (Debian's
 * package creates it) or else `nobody`, which gets the folder. The binaries are found
 * in PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, or the PATH. Throws naming what
 * is missing (Debian: `apt-get install postgresql`).
 */
export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-pg-'));
  const runAs = process.getuid?.() === 0 ? serverUser() : null;
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const run = (tool: string, args: string[]) => {
    const command = runAs ? 'runuser' : join(bin, tool);
    const full = runAs ? ['-u', runAs.name, '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, full, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `${tool} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || '').trim().slice(0, 2_000)}`,
      );
    }
  };
  const dataDir = join(dir, 'data');
  try {
    // C collation: byte order like the gateway's row ids; folding uses an ICU collation (sql-dialect.ts).
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      `-c max_connections=${options.maxConnections ?? 200}`,
      ...(options.fast ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
    ];
    run('pg_ctl', ['-D', dataDir, '-o', settings.join(' '), '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir,
      stop() {
        if (!stopped) {
          stopped = true;
          try {
            run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
        return Promise.resolve();
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function postgresBinDir(): string {
  const fromEnv = process.env['PG_BIN'];
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return join(found, '..');
  throw new Error(
    "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql), set PG_BIN to their folder, or set TEST_DATABASE_URL to a server of your own",
  );
}

function serverUser(): { name: string; uid: number; gid: number } {
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // not there: try the next one
    }
  }
  throw new Error('PostgreSQL refuses to run as root, and there is no postgres or nobody user to run it as');
}

/** A port nobody listens on now (the kernel's pick of an ephemeral one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

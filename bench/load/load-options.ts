import { parseArgs } from 'node:util';

export interface LoadConfiguration {
  /** pg1, pg4, sqlite1: engine and number of gateway processes. */
  readonly name: string;
  readonly engine: 'postgres' | 'sqlite';
  readonly processes: number;
}

export interface LoadOptions {
  readonly reps: number;
  readonly records: number;
  readonly intervals: number;
  readonly intervalMs: number;
  readonly configs: readonly LoadConfiguration[];
  /** Configurations in which one gateway process is SIGKILLed mid-run and restarted. */
  readonly kill: readonly string[];
  readonly restartAfterMs: number;
  /** PostgreSQL connections per gateway process (DATABASE_POOL_SIZE). */
  readonly poolSize: number;
  /** Login and Logout in every sync (a device with the password, as SyncEngine does), or once per device (a remembered session). */
  readonly loginEverySync: boolean;
  readonly seed: number;
  /** Seed PostgreSQL, print the speed, remove it: nothing else. */
  readonly seedOnly: boolean;
}

const USAGE = `npm run bench:load -- [options]
  --reps N            simulated reps (users, one device each)            default 1000
  --records N         records seeded, spread over the reps               default 1000000
  --intervals N       syncs per rep                                       default 5
  --interval-ms N     sync interval; each rep syncs once per interval at
                      its own offset (0: back to back, a saturation test) default 60000
  --configs LIST      of pg<N> (N gateway processes on PostgreSQL) and
                      sqlite1                                             default pg1,pg4,sqlite1
  --kill LIST         configurations with a SIGKILL + restart mid-run,
                      or none                                             default pg4
  --restart-after-ms  how long the killed process stays down             default 3000
  --pool-size N       PostgreSQL connections per gateway process          default 10
  --login once|every-sync   Login/Logout per sync, or once per device     default every-sync
  --seed N            the mix's random seed                               default 14
  --seed-only         seed PostgreSQL once, print records/s, clean up
DATABASE_URL set: its server holds the databases (created and dropped); else a throwaway cluster is started.`;

export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      reps: { type: 'string', default: '1000' },
      records: { type: 'string', default: '1000000' },
      intervals: { type: 'string', default: '5' },
      'interval-ms': { type: 'string', default: '60000' },
      configs: { type: 'string', default: 'pg1,pg4,sqlite1' },
      kill: { type: 'string', default: 'pg4' },
      'restart-after-ms': { type: 'string', default: '3000' },
      'pool-size': { type: 'string', default: '10' },
      login: { type: 'string', default: 'every-sync' },
      seed: { type: 'string', default: '14' },
      'seed-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const configs = values.configs.split(',').map((name) => configuration(name.trim()));
  const kill = values.kill === 'none' ? [] : values.kill.split(',').map((k) => k.trim());
  for (const name of kill) {
    const config = configs.find((c) => c.name === name);
    if (config && config.processes < 2) throw new Error(`--kill ${name}: a kill test needs 2 or more gateway processes`);
  }
  if (values.login !== 'once' && values.login !== 'every-sync') throw new Error(`--login must be once or every-sync, got ${values.login}`);
  const reps = whole('--reps', values.reps, 1);
  const records = whole('--records', values.records, 1);
  if (records < reps * 20)
    throw new Error(
      `--records must be at least 20 per rep (${reps * 20}): each rep owns whole blocks of accounts, contacts, opportunities and activities`,
    );
  return {
    reps,
    records,
    intervals: whole('--intervals', values.intervals, 1),
    intervalMs: whole('--interval-ms', values['interval-ms'], 0),
    configs,
    kill,
    restartAfterMs: whole('--restart-after-ms', values['restart-after-ms'], 0),
    poolSize: whole('--pool-size', values['pool-size'], 1),
    loginEverySync: values.login === 'every-sync',
    seed: whole('--seed', values.seed, 0),
    seedOnly: values['seed-only'],
  };
}

function configuration(name: string): LoadConfiguration {
  const match = /^(pg|sqlite)(\d+)$/.exec(name);
  if (!match) throw new Error(`--configs: ${name} is not pg<N> or sqlite1`);
  const processes = Number(match[2]);
  const engine = match[1] === 'pg' ? 'postgres' : 'sqlite';
  // The embedded database belongs to one process: several would each open the file with their own lock.
  if (engine === 'sqlite' && processes !== 1) throw new Error('--configs: SQLite runs one gateway process (sqlite1)');
  if (processes < 1 || processes > 16) throw new Error(`--configs: ${name}: 1 to 16 processes`);
  return { name, engine, processes };
}

function whole(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) throw new Error(`${flag} must be a whole number ≥ ${min}, got "${text}"`);
  return value;
}

import type { ConfigurationResult } from './load-bench.js';

/** The order a sync sends its operations in; the whole sync last. */
const OPERATION_ORDER = [
  'Login',
  'DownloadMetadataFiles',
  'ReconcileKeys',
  'ApplyChanges',
  'QueryRecords',
  'ReportDevice',
  'Logout',
  'sync (whole)',
];

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: (i: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (rightAligned(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (rightAligned(i) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);
const cpu = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)} s`);

export function printConfiguration(r: ConfigurationResult): void {
  const ops = Object.keys(r.latencyMs).sort((a, b) => rank(a) - rank(b));
  console.log(
    `\n${r.name}: ${r.syncs} syncs in ${r.seconds.toFixed(1)} s = ${r.syncsPerSecond.toFixed(2)} syncs/s (${r.lateSyncs} late); errors ${r.errors}; expected collisions ${r.expectedCollisions}; retries ${r.retries}; lost ${r.endCheck.lost}; duplicated ${r.endCheck.duplicated}`,
  );
  console.log(
    `CPU: database ${cpu(r.databaseCpuSeconds)}${r.engine === 'sqlite' ? ' (SQLite runs inside the gateway process)' : ''}, gateways ${cpu(r.gatewayCpuSeconds)}, simulator ${cpu(r.simulatorCpuSeconds)}`,
  );
  console.log(
    table(
      ['operation', 'calls', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      ops.map((op) => {
        const s = r.latencyMs[op];
        return s ? [op, String(s.count), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)] : [op];
      }),
      (i) => i > 0,
    ),
  );
  const c = r.endCheck;
  console.log(
    `End check: ${c.acknowledgedUpdates} acknowledged updates and ${c.acknowledgedInserts} inserts checked; lost ${c.lost}, duplicated ${c.duplicated}, unacknowledged inserts found ${c.unacknowledgedInserts}`,
  );
  for (const problem of c.problems) console.log(`  ! ${problem}`);
  for (const sample of r.errorSamples) console.log(`  error: ${sample}`);
  if (r.ignoredLogoutFailures.length > 0) {
    console.log(
      `Logout failures ignored as the engine ignores them: ${r.ignoredLogoutFailures.length}, e.g. ${r.ignoredLogoutFailures[0]}`,
    );
  }
  if (r.kill)
    console.log(
      `Kill test: process ${r.kill.process} SIGKILLed at ${r.kill.killedAtS.toFixed(1)} s, back at ${r.kill.restartedAtS.toFixed(1)} s; calls cut off: ${JSON.stringify(r.kill.inFlight)}; ${r.retries} calls retried on another process`,
    );
}

export function printSummary(results: readonly ConfigurationResult[]): void {
  const p = (r: ConfigurationResult, op: string, k: 'p50' | 'p95' | 'p99') => {
    const s = r.latencyMs[op];
    return s ? ms(s[k]) : '–';
  };
  console.log('\nSummary (latencies in ms, p50 / p95 / p99)');
  console.log(
    table(
      [
        'config',
        'syncs/s',
        'sync',
        'ReconcileKeys',
        'ApplyChanges',
        'Login',
        'errors',
        'retries',
        'lost',
        'dup',
        'DB CPU',
        'gateway CPU',
        'kill',
      ],
      results.map((r) => [
        r.name,
        r.syncsPerSecond.toFixed(2),
        `${p(r, 'sync (whole)', 'p50')} / ${p(r, 'sync (whole)', 'p95')} / ${p(r, 'sync (whole)', 'p99')}`,
        `${p(r, 'ReconcileKeys', 'p50')} / ${p(r, 'ReconcileKeys', 'p95')} / ${p(r, 'ReconcileKeys', 'p99')}`,
        `${p(r, 'ApplyChanges', 'p50')} / ${p(r, 'ApplyChanges', 'p95')} / ${p(r, 'ApplyChanges', 'p99')}`,
        `${p(r, 'Login', 'p50')} / ${p(r, 'Login', 'p95')} / ${p(r, 'Login', 'p99')}`,
        String(r.errors),
        String(r.retries),
        String(r.endCheck.lost),
        String(r.endCheck.duplicated),
        cpu(r.databaseCpuSeconds),
        cpu(r.gatewayCpuSeconds),
        r.kill ? `at ${r.kill.killedAtS.toFixed(0)} s` : '–',
      ]),
      (i) => i > 0 && i !== 12,
    ),
  );
}

function rank(op: string): number {
  const i = OPERATION_ORDER.indexOf(op);
  return i < 0 ? OPERATION_ORDER.length - 1 : i;
}

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // Linux's USER_HZ nearly everywhere
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  readonly ppid: number;
  /** utime + stime of the process itself, in seconds. */
  readonly own: number;
  /** cutime + cstime: the children it has waited for (a postmaster reaps its exited backends). */
  readonly reaped: number;
}

/** CPU seconds of a process from /proc/<pid>/stat; null when it is gone or /proc is not there. */
export function processCpuSeconds(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const tick = clockTicks();
  const n = (i: number) => Number(fields[i] ?? 0) / tick;
  return { ppid: Number(fields[1]), own: n(11) + n(12), reaped: n(13) + n(14) };
}

/**
 * CPU seconds a PostgreSQL server has used: the postmaster, the children it has reaped
 * (backends of closed connections, a killed gateway's among them) and its live children
 * (backends, checkpointer, WAL writer, autovacuum). Needs the server on this machine and
 * /proc readable; null otherwise.
 */
export function postgresCpuSeconds(postmasterPid: number): number | null {
  const postmaster = processCpuSeconds(postmasterPid);
  if (!postmaster) return null;
  let total = postmaster.own + postmaster.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processCpuSeconds(Number(entry));
    if (stat && stat.ppid === postmasterPid) total += stat.own;
  }
  return total;
}

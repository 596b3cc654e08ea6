import type { ImportedLine } from '../../sync/index.js';
import { formatCount } from '../format/display-format.js';

/** The import's summary, for the archive's notice. */
export interface ImportSummary {
  readonly kind: 'success' | 'warning' | 'info';
  readonly title: string;
  readonly next?: string;
}

function count(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** What one imported change became, in a word or two (the line's tag). */
export function importOutcomeWords(line: ImportedLine): string {
  switch (line.outcome) {
    case 'imported':
      return line.problems.length > 0 ? 'Needs a fix' : 'Ready to send';
    case 'conflict':
      return 'Conflict';
    case 'already':
      return 'Already here';
    case 'skipped':
      return 'Not imported';
  }
}

/**
 * Issues → Archive → Import, summed up: how many changes re-entered this device and
 * what they wait for — the next sync (ready), a fix of a value the package's rules
 * refuse, or the rep's choice in Issues (the server changed the record since) — and
 * what was left out. "Imported 3 changes: 2 ready to send, 1 conflict to resolve in Issues."
 */
export function importSummary(lines: readonly ImportedLine[]): ImportSummary {
  const ready = lines.filter((l) => l.outcome === 'imported' && l.problems.length === 0).length;
  const fix = lines.filter((l) => l.outcome === 'imported' && l.problems.length > 0).length;
  const conflicts = lines.filter((l) => l.outcome === 'conflict').length;
  const already = lines.filter((l) => l.outcome === 'already').length;
  const skipped = lines.filter((l) => l.outcome === 'skipped').length;
  const entered = ready + fix + conflicts;

  const parts = [
    ready > 0 ? `${formatCount(ready)} ready to send` : null,
    fix > 0 ? `${formatCount(fix)} to fix before ${fix === 1 ? 'it can be' : 'they can be'} sent` : null,
    conflicts > 0 ? `${count(conflicts, 'conflict', 'conflicts')} to resolve in Issues` : null,
  ].filter((p): p is string => p !== null);
  const rest = [
    already > 0 ? `${count(already, 'change was', 'changes were')} already on this device.` : null,
    skipped > 0 ? `${count(skipped, 'change was', 'changes were')} not imported: see why below.` : null,
    ready > 0 ? 'The next sync sends the ready ones.' : null,
  ].filter((p): p is string => p !== null);
  const next = rest.length > 0 ? { next: rest.join(' ') } : {};

  if (lines.length === 0) return { kind: 'info', title: 'The file holds no changes. Nothing was imported.' };
  if (entered === 0) return { kind: skipped > 0 ? 'warning' : 'info', title: 'Nothing new was imported.', ...next };
  return {
    kind: fix + conflicts + skipped > 0 ? 'warning' : 'success',
    title: `Imported ${count(entered, 'change', 'changes')}: ${parts.join(', ')}.`,
    ...next,
  };
}

/** One line of the report: the record, what became of its change and, for values the rules refuse, what to fix. */
export function importLineText(line: ImportedLine): string {
  const fix = line.problems.length > 0 ? ` It needs a fix before it can be sent: ${line.problems.map((p) => p.message).join('; ')}.` : '';
  return `${line.title} — ${line.message}${fix}`;
}

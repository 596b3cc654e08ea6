import { dayString } from '../../protocol/index.js';
import type { Clock } from '../clock.js';

/** The gateway's "today" (UTC) that relative date filters count from. */
export function todayOf(clock: Clock): string {
  return dayString(clock.now());
}

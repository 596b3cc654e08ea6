import { formatDateTime } from '../format/display-format.js';

/** A moment (epoch ms) as people read it: the pane's one date-time format, in the display language (format/). */
export function formatTime(epochMs: number): string {
  return formatDateTime(epochMs);
}

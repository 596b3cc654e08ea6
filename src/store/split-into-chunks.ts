/**
 * Bulk writes commit in transactions of about this many rows (TOOLCHAIN
 * "IndexedDB"): large enough to be fast, small enough that one transaction does
 * not hold a large write set in memory or keep other connections waiting long.
 */
export const WRITE_CHUNK_SIZE = 1000;

export function splitIntoChunks<T>(items: readonly T[], size: number = WRITE_CHUNK_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

import { createHash } from 'node:crypto';
import { ProtocolError, type FilterExpr } from '../../protocol/index.js';

interface PageCursor {
  /** Object type the cursor belongs to. */
  o: string;
  /** Hash of the filter, so a token cannot continue a different query. */
  f: string;
  /** Last row id already delivered; the next page starts after it. */
  a: string;
}

/**
 * Page tokens are keyset cursors (the last row id delivered), not offsets: a
 * record inserted or deleted while a client pages shifts nothing, so no key is
 * skipped or delivered twice because of a concurrent write.
 */
export function encodePageToken(objectType: string, filter: FilterExpr | undefined, afterRowId: string): string {
  const cursor: PageCursor = { o: objectType, f: filterHash(filter), a: afterRowId };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodePageToken(token: string, objectType: string, filter: FilterExpr | undefined): string {
  let cursor: Partial<PageCursor>;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageCursor>;
  } catch {
    throw new ProtocolError('INVALID_REQUEST', 'pageToken is not a token this gateway issued');
  }
  if (
    typeof cursor !== 'object' ||
    cursor === null ||
    typeof cursor.a !== 'string' ||
    typeof cursor.o !== 'string' ||
    typeof cursor.f !== 'string'
  ) {
    throw new ProtocolError('INVALID_REQUEST', 'pageToken is not a token this gateway issued');
  }
  if (cursor.o !== objectType || cursor.f !== filterHash(filter)) {
    throw new ProtocolError('INVALID_REQUEST', 'pageToken belongs to a different object type or filter; start again without a token');
  }
  return cursor.a;
}

function filterHash(filter: FilterExpr | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify(filter ?? null))
    .digest('base64url')
    .slice(0, 16);
}

import Dexie from 'dexie';
import { ProtocolError, type ErrorCode } from '../../src/protocol/index.js';
import { mapStorageError } from '../../src/store/map-storage-error.js';

const quota = () => new DOMException('quota', 'QuotaExceededError');

describe('mapStorageError', () => {
  it.each<[string, unknown, ErrorCode]>([
    ['a quota DOMException', quota(), 'STORAGE_FULL'],
    ['Dexie’s QuotaExceededError', new Dexie.QuotaExceededError('quota'), 'STORAGE_FULL'],
    ['quota as `inner` of an AbortError', new Dexie.AbortError('aborted', quota()), 'STORAGE_FULL'],
    ['quota two levels deep', new Dexie.OpenFailedError('open failed', new Dexie.AbortError('aborted', quota())), 'STORAGE_FULL'],
    ['quota as `cause`', new Error('wrapped', { cause: quota() }), 'STORAGE_FULL'],
    ['quota among a BulkError’s failures', new Dexie.BulkError('2 failed', { 3: quota() }), 'STORAGE_FULL'],
    ['a missing table', new Dexie.InvalidTableError('Table rec_Contact does not exist'), 'STRUCTURE_DAMAGED'],
    ['a missing index', new Dexie.SchemaError('KeyPath fields.Email on object store rec_Contact is not indexed'), 'STRUCTURE_DAMAGED'],
    ['IndexedDB’s NotFoundError', new DOMException('No objectStore named rec_Contact', 'NotFoundError'), 'STRUCTURE_DAMAGED'],
    ['a closed database', new Dexie.DatabaseClosedError('closed'), 'STORAGE_FAILED'],
    ['an unknown error', new DOMException('Internal error', 'UnknownError'), 'STORAGE_FAILED'],
    ['something not an error', 'boom', 'STORAGE_FAILED'],
  ])('%s → %s', (_case, error, code) => {
    const mapped = mapStorageError(error, 'save records');
    expect(mapped).toBeInstanceOf(ProtocolError);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
    expect(mapped.details).toMatchObject({ operation: 'save records' });
  });

  it('passes a ProtocolError through', () => {
    const original = new ProtocolError('STRUCTURE_DAMAGED', 'no table');
    expect(mapStorageError(original, 'read records')).toBe(original);
  });

  it('survives an error that contains itself', () => {
    const looped = new Error('loop') as Error & { inner?: unknown };
    looped.inner = looped;
    expect(mapStorageError(looped, 'read records').code).toBe('STORAGE_FAILED');
  });
});

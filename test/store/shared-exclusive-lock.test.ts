import { SharedExclusiveLock } from '../../src/store/shared-exclusive-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SharedExclusiveLock', () => {
  it('runs shared sections together, and an exclusive one alone after them', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const gateA = deferred();
    const gateB = deferred();
    const a = lock.shared(async () => {
      log.push('a start');
      await gateA.promise;
      log.push('a end');
    });
    const b = lock.shared(async () => {
      log.push('b start');
      await gateB.promise;
      log.push('b end');
    });
    const x = lock.exclusive(async () => {
      log.push('x');
    });
    const c = lock.shared(async () => {
      log.push('c');
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['a start', 'b start']);
    gateB.resolve();
    gateA.resolve();
    await Promise.all([a, b, x, c]);
    expect(log).toEqual(['a start', 'b start', 'b end', 'a end', 'x', 'c']);
  });

  it('keeps going after a section fails', async () => {
    const lock = new SharedExclusiveLock();
    await expect(lock.exclusive(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(lock.shared(async () => Promise.reject(new Error('s')))).rejects.toThrow('s');
    await expect(lock.exclusive(async () => 1)).resolves.toBe(1);
    await expect(lock.shared(async () => 2)).resolves.toBe(2);
  });
});

import type { OnlineSignal } from '../../src/taskpane/services/online-signal.js';

/** An online signal the test switches, like the browser's online/offline events. */
export function manualOnline(initial: boolean): OnlineSignal & { set(online: boolean): void; listeners(): number } {
  let online = initial;
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(value) {
      if (value === online) return;
      online = value;
      for (const listener of [...listeners]) listener(value);
    },
    listeners: () => listeners.size,
  };
}

/**
 * The browser's online signal as a port (TanStack Query's onlineManager, in
 * small): the pane reads it and hears its changes; tests drive their own.
 */
export interface OnlineSignal {
  isOnline(): boolean;
  /** Calls `listener` with every change; answers the function that stops it. */
  watch(listener: (online: boolean) => void): () => void;
}

/** navigator.onLine and the window's online/offline events. */
export function browserOnlineSignal(): OnlineSignal {
  return {
    isOnline: () => navigator.onLine,
    watch(listener) {
      const online = () => listener(true);
      const offline = () => listener(false);
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
      };
    },
  };
}

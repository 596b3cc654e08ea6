/** A piece of the pane: its element, and what to stop (subscriptions, timers) when it goes. */
export interface View {
  readonly element: HTMLElement;
  dispose(): void;
}

/** Collects clean-up functions so a view disposes everything it started. */
export class Disposables {
  private readonly items: (() => void)[] = [];

  add(dispose: (() => void) | { unsubscribe(): void }): void {
    this.items.push(typeof dispose === 'function' ? dispose : () => dispose.unsubscribe());
  }

  dispose(): void {
    for (const item of this.items.splice(0).reverse()) item();
  }
}

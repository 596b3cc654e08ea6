import { h, uniqueId } from './h.js';

export interface ConfirmOptions {
  readonly title: string;
  readonly body: string | readonly string[];
  readonly confirm: string;
  readonly cancel?: string;
  /** Marks the confirm button as destructive. */
  readonly danger?: boolean;
  /** Extra buttons (e.g. "Export first") that run and keep the dialog open. */
  readonly extra?: readonly { readonly label: string; readonly run: () => void }[];
}

/**
 * A modal question (Fluent's Dialog) on the native <dialog>: focus is trapped and
 * Escape cancels, as assistive technology expects. Resolves true for confirm.
 */
export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const titleId = uniqueId('dialog-title');
    const bodyId = uniqueId('dialog-body');
    const paragraphs = typeof options.body === 'string' ? [options.body] : options.body;
    const dialog = h('dialog', { 'aria-labelledby': titleId, 'aria-describedby': bodyId, role: 'alertdialog' });
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      h('h2', { id: titleId }, options.title),
      h(
        'div',
        { id: bodyId },
        paragraphs.map((p) => h('p', {}, p)),
      ),
      h(
        'div',
        { className: 'toolbar' },
        h(
          'button',
          { className: options.danger ? 'primary danger-confirm' : 'primary', type: 'button', onclick: () => finish(true) },
          options.confirm,
        ),
        (options.extra ?? []).map((extra) => h('button', { type: 'button', onclick: () => extra.run() }, extra.label)),
        h('button', { type: 'button', onclick: () => finish(false) }, options.cancel ?? 'Cancel'),
      ),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

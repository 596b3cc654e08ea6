import { h, uniqueId } from './h.js';

export interface DialogChoice<C extends string> {
  readonly id: C;
  readonly label: string;
  /**
   * 'primary' is the suggested action (at most one); 'danger' marks a destructive one
   * that is not suggested; 'primaryDanger' a destructive one that is (a plain delete).
   */
  readonly appearance?: 'primary' | 'primaryDanger' | 'danger' | 'default';
}

export interface ChooseOptions<C extends string> {
  readonly title: string;
  readonly body: string | readonly string[];
  /** The answers, in order; the first (the suggested one) has the focus when the dialog opens. */
  readonly choices: readonly DialogChoice<C>[];
  /** Extra buttons (e.g. "Export my changes") that run and keep the dialog open. */
  readonly extra?: readonly { readonly label: string; readonly run: () => void }[];
  /** The last button, answering null like Escape. */
  readonly cancel?: string;
}

const CLASS_OF = { primary: 'primary', primaryDanger: 'primary danger-confirm', danger: 'danger', default: null } as const;

/**
 * A modal question (Fluent's Dialog) on the native <dialog>: focus is trapped and
 * Escape cancels, as assistive technology expects. Resolves with the chosen id, or
 * null for Cancel and Escape.
 */
export function chooseDialog<C extends string>(options: ChooseOptions<C>): Promise<C | null> {
  return new Promise((resolve) => {
    const titleId = uniqueId('dialog-title');
    const bodyId = uniqueId('dialog-body');
    const paragraphs = typeof options.body === 'string' ? [options.body] : options.body;
    const dialog = h('dialog', { 'aria-labelledby': titleId, 'aria-describedby': bodyId, role: 'alertdialog' });
    const finish = (answer: C | null) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const choiceButtons = options.choices.map((choice) =>
      h('button', { className: CLASS_OF[choice.appearance ?? 'default'], type: 'button', onclick: () => finish(choice.id) }, choice.label),
    );
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
        // The first answer, the extras beside it, then the other answers (a destructive one away from the first).
        choiceButtons.slice(0, 1),
        (options.extra ?? []).map((extra) => h('button', { type: 'button', onclick: () => extra.run() }, extra.label)),
        choiceButtons.slice(1),
        h('button', { type: 'button', onclick: () => finish(null) }, options.cancel ?? 'Cancel'),
      ),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

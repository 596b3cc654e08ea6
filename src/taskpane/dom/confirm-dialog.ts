import { chooseDialog } from './choose-dialog.js';

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

/** A yes/no question (choose-dialog.ts): the confirm button is the primary one. Resolves true for confirm. */
export async function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const answer = await chooseDialog({
    title: options.title,
    body: options.body,
    choices: [{ id: 'confirm', label: options.confirm, appearance: options.danger ? 'primaryDanger' : 'primary' }],
    ...(options.extra ? { extra: options.extra } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
  });
  return answer === 'confirm';
}

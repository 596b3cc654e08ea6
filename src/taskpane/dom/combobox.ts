import { h, replaceChildren, uniqueId } from './h.js';

/** One suggestion: the value it stands for and the text shown (and put in the box when chosen). */
export interface ComboboxOption {
  readonly value: string;
  readonly text: string;
  /** A second line, e.g. "Your account's contact". */
  readonly note?: string;
}

export interface ComboboxOptions {
  /** The input's attributes (id, name, aria-required…). */
  readonly attributes: Record<string, string | null>;
  /** What is chosen when the box opens (null: nothing). */
  readonly initial: ComboboxOption | null;
  /** The suggestions for what is typed ('' when nothing is); the newest answer wins. */
  readonly suggest: (text: string) => Promise<readonly ComboboxOption[]>;
  /** Said when nothing matches. */
  readonly noMatch: string;
  /** Called when the rep picks a suggestion or clears the box. */
  readonly onChoose?: (chosen: ComboboxOption | null) => void;
}

export interface Combobox {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  /** The chosen option while the box still shows its text; null when nothing is chosen or the text was changed since. */
  chosen(): ComboboxOption | null;
  dispose(): void;
}

/** The typing delay before suggestions are looked up. */
const SUGGEST_DELAY_MS = 120;

/**
 * An editable combobox with a list popup, as the ARIA 1.2 pattern describes it
 * (APG "Editable Combobox With List Autocomplete"): focus stays in the input, the
 * active option is named by aria-activedescendant. Down/Up open the list and move
 * through it, Alt+Down opens it, Enter chooses the active option, Escape closes the
 * list (and clears the box when it is already closed), a click chooses. Typing asks
 * `suggest` after a short delay, so a type of 100,000 records is searched through
 * its index, never listed whole.
 */
export function createCombobox(options: ComboboxOptions): Combobox {
  const listId = uniqueId('combobox-list');
  const input = h('input', {
    ...options.attributes,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    value: options.initial?.text ?? '',
  });
  const list = h('ul', { id: listId, role: 'listbox', className: 'combobox-list', hidden: true });
  const status = h('p', { className: 'visually-hidden', role: 'status' });
  const element = h('div', { className: 'combobox' }, input, list, status);

  let chosen = options.initial;
  let shown: readonly ComboboxOption[] = [];
  let active = -1;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const optionId = (index: number) => `${listId}-${index}`;

  const setActive = (index: number) => {
    active = shown.length === 0 ? -1 : (index + shown.length) % shown.length;
    list.querySelectorAll('[role="option"]').forEach((node, i) => node.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    if (active === -1) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', optionId(active));
      document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    }
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const choose = (option: ComboboxOption | null) => {
    chosen = option;
    input.value = option?.text ?? '';
    close();
    options.onChoose?.(option);
  };

  const render = (items: readonly ComboboxOption[]) => {
    shown = items;
    replaceChildren(
      list,
      items.length === 0
        ? h('li', { className: 'combobox-empty muted', role: 'presentation' }, options.noMatch)
        : items.map((item, index) =>
            h(
              'li',
              {
                id: optionId(index),
                role: 'option',
                'aria-selected': 'false',
                // Chosen on mousedown: a click would first blur the input and close the list.
                onmousedown: (event: Event) => {
                  event.preventDefault();
                  choose(item);
                },
              },
              h('span', {}, item.text),
              item.note ? h('span', { className: 'combobox-note muted' }, ` · ${item.note}`) : null,
            ),
          ),
    );
    // Nothing to pick: the list only says so, and lets the pointer through to what it covers
    // (the form's button right under the box), as a hint would.
    list.classList.toggle('combobox-list-empty', items.length === 0);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = items.length === 0 ? options.noMatch : `${items.length} suggestion${items.length === 1 ? '' : 's'}`;
  };

  const open = async (thenActive: number | null) => {
    const mine = ++seq;
    const text = chosen !== null && input.value === chosen.text ? '' : input.value.trim();
    const items = await options.suggest(text);
    // An answer that comes after the rep left the box (Tab, a click elsewhere) opens nothing:
    // a list popping up over a form the rep has moved on in would cover what they reach for.
    if (mine !== seq || !input.isConnected || document.activeElement !== input) return;
    render(items);
    if (thenActive !== null) setActive(thenActive);
  };

  input.addEventListener('input', () => {
    if (chosen !== null && input.value !== chosen.text) chosen = null;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void open(null);
    }, SUGGEST_DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    const expanded = !list.hidden;
    // Down or Up opening the list answers the text as it is: the lookup still waiting for the
    // typing delay would draw the list again after it and drop the option just made active.
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !expanded && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded || event.altKey) void open(event.altKey ? null : 0);
        else setActive(active + 1);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!expanded) void open(-1);
        else setActive(active - 1);
        return;
      case 'Enter':
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(shown[active] ?? null);
        }
        return;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value !== '') {
          event.preventDefault();
          choose(null);
        }
        return;
      default:
        return;
    }
  });
  input.addEventListener('blur', () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    seq += 1;
    close();
    if (input.value.trim() === '' && chosen !== null) choose(null);
  });

  return {
    element,
    input,
    chosen: () => (chosen !== null && input.value === chosen.text ? chosen : null),
    dispose: () => {
      if (timer !== null) clearTimeout(timer);
      seq += 1;
    },
  };
}

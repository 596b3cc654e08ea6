import { replaceChildren, type Child } from '../dom/h.js';

/**
 * Re-renders `container` without losing the keyboard user's place: the focused
 * control is found again by its `data-focus-key` and refocused; when it is gone,
 * `fallback` (e.g. the heading) gets focus instead of the page's body.
 */
export function replaceKeepingFocus(
  container: HTMLElement,
  children: readonly (Child | readonly Child[])[],
  fallback?: () => HTMLElement | null,
): void {
  const active = document.activeElement;
  const hadFocus = active instanceof HTMLElement && container.contains(active);
  const key = hadFocus ? active.dataset['focusKey'] : undefined;
  replaceChildren(container, ...children);
  if (!hadFocus) return;
  const again = key ? container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  (again ?? fallback?.() ?? null)?.focus();
}

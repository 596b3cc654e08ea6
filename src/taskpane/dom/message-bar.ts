import { h } from './h.js';

/** Fluent's MessageBar: a title and what to do next. Errors are announced (role alert), others politely. */
export function messageBar(kind: 'error' | 'warning' | 'success' | 'info', title: string, next?: string): HTMLElement {
  return h(
    'div',
    { className: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('strong', {}, title),
    next ? h('span', {}, next) : null,
  );
}

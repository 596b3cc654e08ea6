import { combineLatest, distinctUntilChanged, map, Observable } from 'rxjs';
import { chooseTheme } from './choose-theme.js';

/**
 * The system's colour-scheme preference, as `matchMedia('(prefers-color-scheme: dark)')`
 * answers it: whether it matches now, and a `change` event when the person switches.
 * A port, so the tests drive it without a browser.
 */
export interface ColorSchemeQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (event: { readonly matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (event: { readonly matches: boolean }) => void): void;
}

/**
 * Keeps `<html data-theme>` on the theme chooseTheme picks, now and whenever Outlook's
 * theme or the system's preference changes; assets/theme.css switches the tokens on it.
 * Answers a function that stops following.
 */
export function followTheme(
  root: Pick<Element, 'setAttribute'>,
  officeBodyBackground$: Observable<string | null>,
  prefersDark: ColorSchemeQuery,
): () => void {
  const prefersDark$ = new Observable<boolean>((subscriber) => {
    subscriber.next(prefersDark.matches);
    const listener = (event: { readonly matches: boolean }) => subscriber.next(event.matches);
    prefersDark.addEventListener('change', listener);
    return () => prefersDark.removeEventListener('change', listener);
  });
  const subscription = combineLatest([officeBodyBackground$, prefersDark$])
    .pipe(
      map(([officeBodyBackground, dark]) => chooseTheme({ officeBodyBackground, prefersDark: dark })),
      distinctUntilChanged(),
    )
    .subscribe((theme) => root.setAttribute('data-theme', theme));
  return () => subscription.unsubscribe();
}

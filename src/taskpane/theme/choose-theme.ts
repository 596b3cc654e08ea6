/** The pane's two looks, from Fluent 2's web light and dark tokens (assets/theme.css). */
export type PaneTheme = 'light' | 'dark';

/** What the pane knows about its surroundings when it picks a theme. */
export interface ThemeSignals {
  /**
   * Outlook's theme body background (`Office.context.officeTheme.bodyBackgroundColor`,
   * "#RRGGBB"); null when there is no Office theme (a plain browser, an older Outlook).
   */
  readonly officeBodyBackground: string | null;
  /** The system's `prefers-color-scheme: dark`. */
  readonly prefersDark: boolean;
}

/**
 * Below this relative luminance (WCAG 2) a background is dark: white text on it has more
 * contrast than black text (the two are equal at ≈ 0.179). Outlook's Dark Gray sits
 * below it, its Colorful and White above.
 */
const DARK_BELOW = 0.179;

/**
 * Light or dark: Outlook's theme when it has one, read by how dark its body background
 * is (Outlook does not support `isDarkTheme` or `themeId`); the system's preference
 * otherwise, and when Outlook's colour is not one we can read.
 */
export function chooseTheme(signals: ThemeSignals): PaneTheme {
  const luminance = signals.officeBodyBackground === null ? null : relativeLuminance(signals.officeBodyBackground);
  if (luminance !== null) return luminance < DARK_BELOW ? 'dark' : 'light';
  return signals.prefersDark ? 'dark' : 'light';
}

/** WCAG 2 relative luminance of "#RGB" or "#RRGGBB" (the "#" optional); null for anything else. */
function relativeLuminance(color: string): number | null {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (hex === undefined) return null;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((at) => {
    const channel = parseInt(full.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

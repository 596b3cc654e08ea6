/** Longest `pattern` a package may give: a rule for a field, not a program. */
export const MAX_FIELD_PATTERN_LENGTH = 200;

/**
 * Why a field's `pattern` cannot be used, or null when it can. Read once with the
 * package, so a device and the gateway never run a pattern that fails to compile or
 * that could take exponential time on a crafted value (the gateway matches every
 * upload against it). Refused besides what does not compile (JavaScript syntax,
 * Unicode mode, the same in every browser and in Node):
 * - a quantified group that itself holds a quantifier (`(a+)+`, `(\d*)*`, `(x?){2,}`),
 *   the shape of catastrophic backtracking;
 * - back-references (`\1`, `\k<name>`): they are not regular, so no length bound holds.
 * Alternatives inside a repeated group (`(a|ab)*`) are not refused: they backtrack
 * polynomially at worst on values as short as a field's text.
 */
export function fieldPatternProblem(pattern: string): string | null {
  if (pattern === '') return 'the pattern is empty';
  if (pattern.length > MAX_FIELD_PATTERN_LENGTH) return `the pattern is longer than ${MAX_FIELD_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `the pattern is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  return riskOf(pattern);
}

const compiled = new Map<string, RegExp>();
/** Compiled patterns are kept; a package holds few and the gateway checks many values. */
const MAX_COMPILED = 500;

/** Whether the whole of `value` matches `pattern` (one that fieldPatternProblem accepted). */
export function matchesFieldPattern(pattern: string, value: string): boolean {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    // Anchored around a group, so `a|b` means "all of the value is a or b", not "starts with a".
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

/** One open group while scanning: whether a quantifier occurred inside it. */
interface OpenGroup {
  quantified: boolean;
}

/**
 * A scan of the pattern's tokens (it compiles, so brackets balance): for each group,
 * whether it holds a quantifier, and whether a quantifier follows it.
 */
function riskOf(pattern: string): string | null {
  const stack: OpenGroup[] = [];
  /** Whether the atom just closed was a group holding a quantifier. */
  let lastGroupQuantified = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references (\\1, \\k<name>) are not allowed in a pattern';
      // `\u{1F600}` is one escape; every other escape is two characters (what follows them is scanned as usual).
      i = next === 'u' && pattern[i + 2] === '{' ? pattern.indexOf('}', i) + 1 : i + 2;
      lastGroupQuantified = false;
      continue;
    }
    if (c === '[') {
      i = endOfClass(pattern, i);
      lastGroupQuantified = false;
      continue;
    }
    if (c === '(') {
      stack.push({ quantified: false });
      i += groupOpeningLength(pattern, i);
      lastGroupQuantified = false;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      lastGroupQuantified = group?.quantified === true;
      // The group's quantifier (if any) also makes the group around it quantified.
      const outer = stack[stack.length - 1];
      if (outer && lastGroupQuantified) outer.quantified = true;
      i += 1;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier !== null) {
      if (lastGroupQuantified && quantifier.repeats)
        return 'a repeated group holds a quantifier itself, like (a+)+: such patterns can take exponential time';
      const open = stack[stack.length - 1];
      if (open) open.quantified = true;
      i += quantifier.length;
      // A lazy marker belongs to the quantifier.
      if (pattern[i] === '?') i += 1;
      lastGroupQuantified = false;
      continue;
    }
    i += 1;
    lastGroupQuantified = false;
  }
  return null;
}

/**
 * The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), or null: its length and
 * whether it may repeat its atom more than once (`?` and `{0,1}` do not).
 */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean } | null {
  const c = pattern[i];
  if (c === '*' || c === '+') return { length: 1, repeats: true };
  if (c === '?') return { length: 1, repeats: false };
  if (c !== '{') return null;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!match) return null;
  const most = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return { length: match[0].length, repeats: most > 1 };
}

/** Length of a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupOpeningLength(pattern: string, i: number): number {
  if (pattern[i + 1] !== '?') return 1;
  if (pattern[i + 2] !== '<' || pattern[i + 3] === '=' || pattern[i + 3] === '!') return pattern[i + 2] === '<' ? 4 : 3;
  return pattern.indexOf('>', i) + 1 - i;
}

/** Index after the character class starting at `start` (escapes inside it skipped). */
function endOfClass(pattern: string, start: number): number {
  let i = start + 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

import path from 'node:path';

// npm runs a script in the package root and says in INIT_CWD where it was typed: paths
// on the command line are relative to that.
const userCwd = process.env['INIT_CWD'] ?? process.cwd();

/** A path given on the command line, made absolute. */
export function userPath(typed: string): string {
  return path.resolve(userCwd, typed);
}

/** How to show a path to the user: relative to where they are when it is below it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(userCwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

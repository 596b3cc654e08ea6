import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The commit measured, and whether the working tree's src/ differed from it (the code may have been edited since). */
export function gitState(root: string): { commit: string; dirty: boolean } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null; // not a git checkout
  }
}

/** The checkout: the folder holding packages/demo-v1, found upwards from `from` (bench/ when run from source, dist-bench/bench/ when compiled). */
export function repoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'packages', 'demo-v1')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No packages/demo-v1 above ${from}`);
  }
}

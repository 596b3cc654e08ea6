import path from 'node:path';

/**
 * The checkout's root. The scripts compile from scripts/ to dist-scripts/ (rootDir
 * scripts), so this file sits one level below the root both as source (jest) and
 * compiled (node dist-scripts/…): the same relative path works for both.
 */
export const REPO_ROOT = path.resolve(__dirname, '..');

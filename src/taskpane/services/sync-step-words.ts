import type { SyncStep } from '../../sync/index.js';

/**
 * Each step of a sync in words, alone and about one object type (its plural label,
 * lower-cased: "accounts"), so that both read as a sentence: "Sending your changes…",
 * "Sending your changes to accounts…", never "Sending your changes accounts…".
 */
const WORDS: Readonly<Record<SyncStep, { readonly alone: string; readonly about: (objects: string) => string }>> = {
  session: { alone: 'Signing in', about: () => 'Signing in' },
  package: { alone: 'Checking the configuration', about: () => 'Checking the configuration' },
  resolutions: { alone: 'Applying your conflict answers', about: (objects) => `Applying your conflict answers to ${objects}` },
  upload: { alone: 'Sending your changes', about: (objects) => `Sending your changes to ${objects}` },
  download: { alone: 'Downloading records', about: (objects) => `Downloading ${objects}` },
  cleanup: { alone: 'Tidying up', about: (objects) => `Tidying up ${objects}` },
};

/** The step as a label (a progress bar's name): "Sending your changes to accounts". */
export function syncStepLabel(step: SyncStep, objectLabel: string | null): string {
  const words = WORDS[step];
  return objectLabel === null ? words.alone : words.about(objectLabel.toLocaleLowerCase('en-US'));
}

/** The step as the status line while it runs: "Downloading accounts…". */
export function syncStepWords(step: SyncStep, objectLabel: string | null): string {
  return `${syncStepLabel(step, objectLabel)}…`;
}

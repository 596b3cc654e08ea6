import { REPLACEMENT_STEPS } from '../../src/protocol/index.js';
import {
  jobStateOf,
  nextReplacementStep,
  type ReplacementAction,
  type StepState,
} from '../../src/gateway/replacement/next-replacement-step.js';

/** Nine states in step order, written as letters: p pending, r running, w waiting, d done, f failed. */
function steps(code: string) {
  const letters: Record<string, StepState> = { p: 'pending', r: 'running', w: 'waiting', d: 'done', f: 'failed' };
  if (code.length !== 9) throw new Error(`nine letters expected: ${code}`);
  return REPLACEMENT_STEPS.map((step, i) => ({ step, state: letters[code[i]!]! }));
}

describe('nextReplacementStep', () => {
  test.each<[string, string, boolean, ReplacementAction, string]>([
    ['a new job runs step 1', 'ppppppppp', false, { kind: 'run', step: 'readSite', number: 1 }, 'running'],
    ['step 1 left running by a crash runs again', 'rpppppppp', false, { kind: 'run', step: 'readSite', number: 1 }, 'running'],
    ['after 1: step 2', 'dpppppppp', false, { kind: 'run', step: 'acceptPending', number: 2 }, 'running'],
    ['after 2: step 3', 'ddppppppp', false, { kind: 'run', step: 'revokeSite', number: 3 }, 'running'],
    ['step 3 left running by a crash runs again', 'ddrpppppp', false, { kind: 'run', step: 'revokeSite', number: 3 }, 'running'],
    ['after 3: step 4', 'dddpppppp', false, { kind: 'run', step: 'dropServerEntries', number: 4 }, 'running'],
    ['after 4: step 5', 'ddddppppp', false, { kind: 'run', step: 'buildExtract', number: 5 }, 'running'],
    ['step 5 left running by a crash runs again', 'ddddrpppp', false, { kind: 'run', step: 'buildExtract', number: 5 }, 'running'],
    ['claimed early: the gateway steps still run first', 'ddppppppp', true, { kind: 'run', step: 'revokeSite', number: 3 }, 'running'],
    ['after 5, unclaimed: wait for the claim', 'dddddwppp', false, { kind: 'waitForClaim' }, 'waitingForClaim'],
    ['after 5, claimed: wait for the restore slot', 'dddddwppp', true, { kind: 'waitForRestore' }, 'waitingForRestore'],
    ['claimed while step 6 was still pending', 'dddddpppp', true, { kind: 'waitForRestore' }, 'waitingForRestore'],
    ['step 6 running: restoring', 'dddddrppp', true, { kind: 'restoring' }, 'restoring'],
    ['step 6 done, 7 not yet: still restoring', 'ddddddppp', true, { kind: 'restoring' }, 'restoring'],
    ['steps 6–8 done: wait for the sync', 'ddddddddw', true, { kind: 'waitForSync' }, 'syncing'],
    ['all nine done', 'ddddddddd', true, { kind: 'done' }, 'done'],
    ['a failed step stops the job', 'ddfpppppp', false, { kind: 'failed', step: 'revokeSite', number: 3 }, 'failed'],
    ['step 2 failed (still busy)', 'dfppppppp', false, { kind: 'failed', step: 'acceptPending', number: 2 }, 'failed'],
    ['step 5 failed (no package)', 'ddddfpppp', false, { kind: 'failed', step: 'buildExtract', number: 5 }, 'failed'],
    ['step 6 failed (claim code expired)', 'dddddfppp', false, { kind: 'failed', step: 'restore', number: 6 }, 'failed'],
    ['retry: the failed step is pending again and runs', 'ddppppppp', false, { kind: 'run', step: 'revokeSite', number: 3 }, 'running'],
    ['the first failed step is reported', 'dfdfppppp', false, { kind: 'failed', step: 'acceptPending', number: 2 }, 'failed'],
  ])('%s (%s, claimed %s)', (_name, code, claimed, action, state) => {
    const next = nextReplacementStep({ steps: steps(code), claimed });
    expect(next).toEqual(action);
    expect(jobStateOf(next)).toBe(state);
  });

  test('refuses steps that are not the nine in order', () => {
    expect(() => nextReplacementStep({ steps: steps('ppppppppp').slice(1), claimed: false })).toThrow(RangeError);
    const swapped = steps('ppppppppp');
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    expect(() => nextReplacementStep({ steps: swapped, claimed: false })).toThrow(RangeError);
  });
});

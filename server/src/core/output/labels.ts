import type { ControlState, PlaybookMode, Verdict } from '../types';

export const verdictLabels: Record<Verdict, string> = {
  go: 'Go',
  'go-with-exception': 'Go with exception',
  'no-go': 'No-Go',
  'not-applicable': 'Not applicable',
};

/** One line on the mode: which checks run, and why. */
export function modeLine(mode: PlaybookMode): string {
  return mode.playbook === 'adopted'
    ? `Playbook adopted (${mode.reason}).`
    : `Playbook not adopted (${mode.reason}): required status checks and workflows only. \`readiness adopt\` writes a starter policy and required checks.`;
}

/** Non-passed states first, in the order a reader should act on them. */
export const stateOrder: Record<ControlState, number> = {
  failed: 0,
  invalid: 1,
  missing: 2,
  stale: 3,
  unverified: 4,
  waived: 5,
  passed: 6,
};

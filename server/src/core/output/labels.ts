import type { ControlState, Verdict } from '../types';

export const verdictLabels: Record<Verdict, string> = {
  go: 'Go',
  'go-with-exception': 'Go with exception',
  'no-go': 'No-Go',
};

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

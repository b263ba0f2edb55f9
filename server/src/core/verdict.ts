import type { ControlResult, Verdict } from './types';

/**
 * Go only when every required control passed; Go with exception only when every required control
 * passed or was waived through the exception window, and at least one was waived.
 */
export function decideVerdict(controls: readonly ControlResult[]): Verdict {
  const required = controls.filter((c) => c.required);
  if (required.every((c) => c.state === 'passed')) return 'go';
  if (required.every((c) => c.state === 'passed' || c.state === 'waived')) return 'go-with-exception';
  return 'no-go';
}

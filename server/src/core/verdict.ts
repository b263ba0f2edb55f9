import type { ControlResult, Verdict } from './types';

/**
 * Go only when every required control passed; Go with exception only when every required control
 * passed or was waived through the exception window, and at least one was waived.
 */
export function decideVerdict(controls: readonly ControlResult[]): Verdict {
  // One pass without copying: the language server decides it at every keystroke, over thousands of controls.
  let waived = false;
  for (const control of controls) {
    if (!control.required || control.state === 'passed') continue;
    if (control.state !== 'waived') return 'no-go';
    waived = true;
  }
  return waived ? 'go-with-exception' : 'go';
}

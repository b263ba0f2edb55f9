import type { SyntaxProblem } from '../parse/jsonDocument';
import type { Emit } from './rule';

/** One truncation or broken line can cascade into hundreds of errors; the first few say where to look. */
const maxReported = 20;

/** Reports a file's syntax errors, the first ones and then how many more there are. */
export function reportSyntaxErrors(errors: readonly SyntaxProblem[], report: Emit, more: (count: number) => string): void {
  for (const error of errors.slice(0, maxReported)) report({ range: error.range, message: error.message });
  if (errors.length > maxReported) report({ range: errors[maxReported - 1].range, message: more(errors.length - maxReported), severity: 'information' });
}

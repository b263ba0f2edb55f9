import type { Finding, SuppressedFinding, WorkspaceResult } from '../types';
import { suppressionNote, toJsonDiagnostic } from './json';
import { modeLine, stateOrder, verdictLabels } from './labels';

const colours = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

type Paint = (colour: keyof typeof colours, text: string) => string;
const plain: Paint = (_colour, text) => text;

/** One diagnostic as the text output prints it: `file:line:col: severity rule message` (1-based). */
export function diagnosticLine(finding: Finding, paint: Paint = plain): string {
  const d = toJsonDiagnostic(finding);
  const colour = d.severity === 'error' ? 'red' : d.severity === 'warning' ? 'yellow' : 'dim';
  return `${d.file}:${d.line}:${d.column}: ${paint(colour, d.severity)} ${d.rule} ${d.message}`;
}

/** One suppressed finding as the text output prints it: its diagnostic line and, in brackets, the suppression. */
export function suppressedLine(finding: SuppressedFinding): string {
  return `${diagnosticLine(finding)} [${suppressionNote(finding)}]`;
}

/** A terminal summary: verdict first, then what blocks it, then every diagnostic as file:line:col. */
export function toText(result: WorkspaceResult, options: { colour: boolean }): string {
  const paint: Paint = (colour, text) => (options.colour ? `${colours[colour]}${text}${colours.reset}` : text);
  const lines: string[] = [];
  const verdictColour = result.verdict === 'go' ? 'green' : result.verdict === 'no-go' ? 'red' : result.verdict === 'not-applicable' ? 'dim' : 'yellow';
  lines.push(paint('bold', `Release readiness: ${paint(verdictColour, verdictLabels[result.verdict])}`) + (result.mode.playbook === 'adopted' ? paint('dim', ` (policy ${result.policy.id} ${result.policy.version})`) : ''));
  lines.push(modeLine(result.mode));
  if (result.live) {
    const { repo, branch, sha, checkedAt, errors } = result.live;
    lines.push(`Live evidence from GitHub: ${repo}${branch ? ` ${branch}` : ''}${sha ? ` at ${sha.slice(0, 7)}` : ''}, checked ${checkedAt}${errors.length > 0 ? `; ${errors.length} read${errors.length === 1 ? '' : 's'} failed (see above)` : ''}.`);
  }
  const required = result.controls.filter((c) => c.required);
  const blocking = required.filter((c) => c.state !== 'passed').sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
  if (result.mode.playbook === 'adopted') lines.push(`${required.length - blocking.length}/${required.length} required controls passed.`);
  if (blocking.length > 0) {
    lines.push('');
    for (const control of blocking) {
      const colour = control.state === 'waived' ? 'yellow' : 'red';
      lines.push(`  ${paint(colour, control.state.padEnd(10))} §${control.section} ${control.id}: ${control.reason}`);
    }
  }
  const notable = result.controls.filter((c) => !c.required && c.state !== 'passed');
  if (notable.length > 0) {
    lines.push('', 'Evidence checklist and incident triggers (not part of the verdict):');
    for (const control of notable) lines.push(`  ${control.state.padEnd(10)} §${control.section} ${control.id}: ${control.reason}`);
  }
  if (result.findings.length > 0) {
    lines.push('', `${result.findings.length} diagnostic${result.findings.length === 1 ? '' : 's'}:`);
    for (const finding of result.findings) lines.push(diagnosticLine(finding, paint));
  }
  if (result.suppressed.length > 0) {
    lines.push('', `${result.suppressed.length} suppressed:`);
    for (const finding of result.suppressed) lines.push(paint('dim', suppressedLine(finding)));
  }
  return lines.join('\n') + '\n';
}

import type { ControlResult, WorkspaceResult } from '../types';
import { suppressionNote } from './json';
import { modeLine, stateOrder, verdictLabels } from './labels';

const marks: Record<string, string> = { passed: '✅', waived: '⚠️', unverified: '❔', stale: '⏳', missing: '❌', invalid: '❌', failed: '❌' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(control: ControlResult): string {
  return `| §${control.section} | \`${control.id}\` | ${marks[control.state]} ${control.state} | ${cell(control.reason)} |`;
}

/** The release evidence block for PR or release notes: verdict, controls, §4 evidence, the §2.5 exception. */
export function toMarkdown(result: WorkspaceResult, context: { headSha?: string } = {}): string {
  const out: string[] = [];
  out.push(`## Release readiness: ${verdictLabels[result.verdict]}`, '');
  if (result.mode.playbook === 'not-adopted') {
    out.push(modeLine(result.mode), '');
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    out.push(`Required checks and workflows: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`, '');
    return out.join('\n');
  }
  out.push(`Policy \`${result.policy.id}\` ${result.policy.version}${context.headSha ? ` · commit \`${context.headSha.slice(0, 12)}\`` : ''}`, '');
  out.push(modeLine(result.mode), '');
  const required = result.controls.filter((c) => c.required).sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
  out.push('| § | Control | State | Reason |', '|---|---|---|---|', ...required.map(row), '');
  const sectionsOf = (kind: string) => result.sections.filter((s) => s.kind === kind);
  for (const section of sectionsOf('checklist')) {
    out.push(`### ${section.title} (§${section.id})`, '');
    for (const item of result.controls.filter((c) => c.section === section.id)) out.push(`- [${item.state === 'passed' ? 'x' : ' '}] ${item.title} — ${cell(item.reason)}`);
    out.push('');
  }
  out.push('### Exceptions in use', '');
  const waived = result.controls.filter((c) => c.state === 'waived');
  if (waived.length === 0) out.push('No exception in use.');
  for (const control of waived) out.push(`- \`${control.id}\`: ${control.reason}`);
  out.push('');
  if (result.suppressed.length > 0) {
    out.push('### Suppressed findings', '');
    for (const f of result.suppressed) out.push(`- \`${f.file}:${f.range.start.line + 1}\` \`${f.rule}\` ${cell(f.message)} — ${cell(suppressionNote(f))}`);
    out.push('');
  }
  for (const section of sectionsOf('triggers')) {
    const active = result.controls.filter((c) => c.section === section.id && c.state === 'failed');
    if (active.length === 0) continue;
    out.push(`### Active: ${section.title} (§${section.id})`, '');
    for (const trigger of active) out.push(`- ${trigger.title}: ${cell(trigger.reason)}`);
    out.push('');
  }
  return out.join('\n');
}

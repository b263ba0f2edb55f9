import { getLocation } from 'jsonc-parser';
import type { ControlResult } from '../types';
import type { Policy } from '../policy/policy';
import { assessReport } from '../reports/assessment';
import { allReportedNames, readRequiredChecks } from '../requiredChecks/model';
import { rules } from '../rules/index';
import { allowedValues } from '../schemas/registry';
import { suppressionsFile } from '../suppressions/suppressions';
import type { WorkspaceModel } from '../workspace';
import { checkNameAt } from './navigation';

export interface CompletionCandidate {
  label: string;
  detail: string;
  /** The string literal the cursor is in, replaced whole by the candidate (quotes included); else insert a literal. */
  replace?: { offset: number; length: number };
}

/** Completion in required_status_checks.json (check names, workflows, job ids), in the suppressions file (rules, files, checks) and for report status values. */
export function completions(model: WorkspaceModel, policy: Policy, file: string, offset: number): CompletionCandidate[] {
  const doc = model.json(file);
  if (!doc) return [];
  const location = getLocation(doc.text, offset);
  const previous = location.previousNode;
  const inString = previous?.type === 'string' ? { offset: previous.offset, length: previous.length } : undefined;
  const checks = readRequiredChecks(model, policy);
  if (file === suppressionsFile) {
    const [head, , key] = location.path;
    if (head !== 'suppressions' || location.path.length !== 3 || location.isAtPropertyKey) return [];
    if (key === 'rule') return rules.map((r) => ({ label: r.id, detail: r.description, replace: inString }));
    if (key === 'file') return model.files().filter((f) => f !== suppressionsFile).map((f) => ({ label: f, detail: 'workspace file', replace: inString }));
    if (key === 'check') return (checks?.checks ?? []).map((c) => ({ label: c.name, detail: 'required status check', replace: inString }));
    return [];
  }
  if (checks && checks.file === file) {
    const [head, second, third] = location.path;
    const reporters = allReportedNames(checks);
    const checkNames = () =>
      reporters.flatMap((r) => r.reported.names.map((name) => ({ label: name, detail: `${r.workflow.fileName} job ${r.job.id}`, replace: inString })));
    if (head === 'required_status_checks' && location.path.length === 2) return checkNames();
    if (head === 'check_job_mapping' && location.path.length === 2 && location.isAtPropertyKey) {
      const mapped = new Set(checks.mapping.map((m) => m.name));
      return checkNames().filter((c) => !mapped.has(c.label));
    }
    if (head === 'check_job_mapping' && typeof second === 'string' && third === 'workflow') {
      return checks.workflows.map((w) => ({ label: w.fileName, detail: `${w.jobs.length} jobs`, replace: inString }));
    }
    if (head === 'check_job_mapping' && typeof second === 'string' && third === 'job_id') {
      const entry = checks.mappingByName.get(second);
      const workflow = checks.workflows.find((w) => w.fileName === entry?.workflow);
      return (workflow?.jobs ?? []).map((job) => ({ label: job.id, detail: job.name ? `name: ${job.name}` : workflow!.fileName, replace: inString }));
    }
    return [];
  }
  const report = assessReport(model, file);
  if (report?.kind && location.path.length === 1 && (location.path[0] === 'status' || location.path[0] === 'slo_status') && !location.isAtPropertyKey) {
    return (allowedValues(report.kind.schema, String(location.path[0])) ?? []).map((value) => ({ label: String(value), detail: `${report.kind!.schema} ${location.path[0]}`, replace: inString }));
  }
  return [];
}

/** Markdown for a hover: a required check's job, workflow, triggers and reported names; a failing entry's detail and remedy. */
export function hover(model: WorkspaceModel, policy: Policy, controls: readonly ControlResult[], file: string, offset: number): string | undefined {
  const at = checkNameAt(model, policy, file, offset);
  if (at) {
    const resolved = at.resolved;
    if (!resolved) return `**Required check \`${at.name}\`** has no check_job_mapping entry.`;
    if (!resolved.workflow) return `**Required check \`${at.name}\`** maps to \`${resolved.entry.workflow}\`, which is not in .github/workflows/.`;
    const triggers = (resolved.workflow.triggers ?? []).map((t) => `\`${t.event}\`${t.filters.length ? ` (${t.filters.join(', ')})` : ''}`).join(', ') || 'none found';
    if (!resolved.job) return `**Required check \`${at.name}\`** maps to job \`${resolved.entry.jobId}\`, which is not in ${resolved.workflow.fileName}.`;
    const names = resolved.reported?.names.map((n) => `\`${n}\``).join(', ') || 'none known';
    const lines = [
      `**Required check \`${at.name}\`**`,
      '',
      `- Job: \`${resolved.job.id}\`${resolved.job.name ? ` (name: \`${resolved.job.name}\`)` : ''} in \`${resolved.workflow.file}\``,
      `- Triggers: ${triggers}`,
      `- Reports: ${names}`,
    ];
    if (resolved.reported?.unresolved) lines.push(`- Not computable statically: ${resolved.reported.unresolved}`);
    return lines.join('\n');
  }
  const doc = model.json(file);
  if (!doc?.isValid) return undefined;
  const path = getLocation(doc.text, offset).path;
  for (const control of controls) {
    const item = control.failing.find((f) => f.file === file && containsLine(f.range, doc.lines.positionAt(offset).line) && path.length >= 2);
    if (item) {
      return [`**Failing: ${item.label}**`, '', item.detail, '', `Control \`${control.id}\` (§${control.section}): ${control.state}.`, control.remediation ? `\n**What to do:** ${control.remediation}` : ''].join('\n');
    }
  }
  return undefined;
}

function containsLine(range: { start: { line: number }; end: { line: number } }, line: number): boolean {
  return line >= range.start.line && line <= range.end.line;
}

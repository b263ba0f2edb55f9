import { modify } from 'jsonc-parser';
import { isMap, isScalar } from 'yaml';
import type { Policy } from '../policy/policy';
import type { CheckFix } from '../requiredChecks/fixData';
import { readRequiredChecks, RequiredChecksModel } from '../requiredChecks/model';
import { workflowOf } from '../workflow/workflowModel';
import type { WorkspaceModel } from '../workspace';
import { FileEdit, jsonFormatting, lineEnding } from './textEdit';
import { yamlScalarText } from './yamlScalar';

function jsonString(file: string, node: { offset: number; length: number }, value: string): FileEdit {
  return { file, offset: node.offset, length: node.length, newText: JSON.stringify(value) };
}

function jsonModify(checks: RequiredChecksModel, path: (string | number)[], value: unknown): FileEdit[] {
  const text = checks.doc.text;
  return modify(text, path, value, { formattingOptions: jsonFormatting(text) }).map((e) => ({ file: checks.file, ...e, newText: e.content }));
}

export function fixTitle(fix: CheckFix, policy: Policy): string {
  switch (fix.fix) {
    case 'renameCheck':
      return `Rename required check "${fix.check}" to "${fix.to}"`;
    case 'setJobName':
      return `Set name: "${fix.check}" on job ${fix.jobId} (${fix.workflowFile.slice(fix.workflowFile.lastIndexOf('/') + 1)})`;
    case 'pointJobId':
      return `Point job_id of "${fix.check}" at "${fix.to}"`;
    case 'pointWorkflow':
      return `Point workflow of "${fix.check}" at ${fix.to}`;
    case 'addMapping':
      return `Map "${fix.check}" to ${fix.workflow} job ${fix.jobId}`;
    case 'removeMapping':
      return `Remove the stale mapping entry "${fix.check}"`;
    case 'removeCheckEntry':
      return 'Remove the duplicate entry';
    case 'addToPolicyDocument':
      return `Add "${fix.check}" to ${policy.branchProtection?.policyDocument ?? 'the policy document'}`;
    case 'addRequiredCheck':
      return `Add "${fix.check}" to the required checks${fix.mapping ? `, mapped to ${fix.mapping.workflow} job ${fix.mapping.jobId}` : ''} (the branch's rules require it)`;
    case 'removeRequiredCheck':
      return `Remove "${fix.check}" from the required checks (the branch's rules do not require it)`;
  }
}

/** The edits of one fix, computed on the files as they are now; empty when it no longer applies. */
export function checkFixEdits(fix: CheckFix, model: WorkspaceModel, policy: Policy): FileEdit[] {
  // A job's name is in its workflow: the fix stands even where there is no required-checks file.
  if (fix.fix === 'setJobName') return setJobName(model, fix.workflowFile, fix.jobId, fix.check);
  const checks = readRequiredChecks(model, policy);
  if (!checks) return [];
  const entry = 'check' in fix ? checks.mappingByName.get(fix.check) : undefined;
  switch (fix.fix) {
    case 'renameCheck': {
      const edits = checks.checks.filter((c) => c.name === fix.check).map((c) => jsonString(checks.file, c.node, fix.to));
      if (entry && !checks.mapping.some((m) => m.name === fix.to)) edits.push(jsonString(checks.file, entry.keyNode, fix.to));
      return [...edits, ...renameInPolicyDocument(model, policy, fix.check, fix.to)];
    }
    case 'pointJobId':
      return entry?.jobIdNode ? [jsonString(checks.file, entry.jobIdNode, fix.to)] : [];
    case 'pointWorkflow':
      return entry?.workflowNode ? [jsonString(checks.file, entry.workflowNode, fix.to)] : [];
    case 'addMapping':
      return jsonModify(checks, ['check_job_mapping', fix.check], { workflow: fix.workflow, job_id: fix.jobId });
    case 'removeMapping':
      return jsonModify(checks, ['check_job_mapping', fix.check], undefined);
    case 'removeCheckEntry':
      return jsonModify(checks, ['required_status_checks', fix.index], undefined);
    case 'addToPolicyDocument':
      return addToPolicyDocument(model, policy, fix.check);
    case 'addRequiredCheck': {
      if (checks.checks.some((c) => c.name === fix.check)) return [];
      // The list, the mapping and the policy document change together, as the other rules ask; the JSON edits touch disjoint parts of the file.
      const mapping = fix.mapping && !entry ? jsonModify(checks, ['check_job_mapping', fix.check], { workflow: fix.mapping.workflow, job_id: fix.mapping.jobId }) : [];
      return [...jsonModify(checks, ['required_status_checks', -1], fix.check), ...mapping, ...addToPolicyDocument(model, policy, fix.check)];
    }
    case 'removeRequiredCheck': {
      // Both edits are computed on the text as it is now; they touch disjoint parts of the file.
      if (checks.checks[fix.index]?.name !== fix.check) return [];
      const mapping = entry ? jsonModify(checks, ['check_job_mapping', fix.check], undefined) : [];
      return [...jsonModify(checks, ['required_status_checks', fix.index], undefined), ...mapping];
    }
  }
}

/** Backticked mentions only: a bare substring may be part of another name. */
function renameInPolicyDocument(model: WorkspaceModel, policy: Policy, from: string, to: string): FileEdit[] {
  const file = policy.branchProtection?.policyDocument;
  const text = file ? model.text(file) : undefined;
  if (!file || text === undefined) return [];
  const needle = `\`${from}\``;
  const edits: FileEdit[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    edits.push({ file, offset: at + 1, length: from.length, newText: to });
  }
  return edits;
}

function setJobName(model: WorkspaceModel, file: string, jobId: string, name: string): FileEdit[] {
  const workflow = workflowOf(model, file);
  const job = workflow?.jobs.find((j) => j.id === jobId);
  if (!workflow || !job) return [];
  const text = workflow.doc.text;
  if (job.nameNode?.range) {
    const [start, end] = job.nameNode.range;
    return [{ file, offset: start, length: end - start, newText: yamlScalarText(name, job.nameNode.type) }];
  }
  // Insert `name:` as the job's first key, indented like its other keys.
  const first = job.node.items[0];
  if (!isMap(job.node) || !first || !isScalar(first.key) || !first.key.range) return [];
  const keyStart = first.key.range[0];
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = text.slice(lineStart, keyStart);
  if (indent.trim() !== '') return [];
  return [{ file, offset: lineStart, length: 0, newText: `${indent}name: ${yamlScalarText(name, undefined)}${lineEnding(text)}` }];
}

const listItem = /^(\s*)([-*+]|\d+[.)])\s+/;

/** Adds the name as a list item under the document's "Required Status Checks" heading, in its list style. */
function addToPolicyDocument(model: WorkspaceModel, policy: Policy, check: string): FileEdit[] {
  const file = policy.branchProtection?.policyDocument;
  const text = file ? model.text(file) : undefined;
  if (!file || text === undefined || text.includes(`\`${check}\``)) return [];
  const eol = lineEnding(text);
  const lines = text.split(/\r?\n/);
  const offsets: number[] = [];
  lines.reduce((offset, line) => (offsets.push(offset), offset + line.length + (text.startsWith('\r\n', offset + line.length) ? 2 : 1)), 0);
  const heading = lines.findIndex((line) => /^#{1,6}\s.*required status checks/i.test(line));
  if (heading < 0) {
    const separator = text.endsWith('\n') ? '' : eol;
    return [{ file, offset: text.length, length: 0, newText: `${separator}${eol}## Required Status Checks${eol}${eol}- \`${check}\`${eol}` }];
  }
  let lastItem = -1;
  for (let i = heading + 1; i < lines.length && !/^#{1,6}\s/.test(lines[i]); i++) {
    if (listItem.test(lines[i])) lastItem = i;
    else if (lastItem >= 0 && lines[i].trim() === '') break;
  }
  if (lastItem < 0) {
    const at = offsets[heading] + lines[heading].length;
    return [{ file, offset: at, length: 0, newText: `${eol}${eol}- \`${check}\`` }];
  }
  const [, indent, bullet] = listItem.exec(lines[lastItem])!;
  const marker = /^\d+([.)])$/.test(bullet) ? `${Number.parseInt(bullet, 10) + 1}${bullet.slice(-1)}` : bullet;
  const at = offsets[lastItem] + lines[lastItem].length;
  return [{ file, offset: at, length: 0, newText: `${eol}${indent}${marker} \`${check}\`` }];
}

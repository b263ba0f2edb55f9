import { getLocation, Location as JsonLocation } from 'jsonc-parser';
import { isScalar, isSeq } from 'yaml';
import type { FileEdit } from '../fixes/textEdit';
import { yamlScalarText } from '../fixes/yamlScalar';
import type { Policy } from '../policy/policy';
import { MappingEntry, readRequiredChecks, RequiredChecksModel, ResolvedMapping } from '../requiredChecks/model';
import type { Range } from '../types';
import { Workflow, WorkflowJob, workflowOf } from '../workflow/workflowModel';
import type { WorkspaceModel } from '../workspace';

export interface FileLocation {
  file: string;
  range: Range;
}

/** What the cursor is on in required_status_checks.json: a check name (list entry or mapping key) or a mapping value. */
export interface CheckNameAt {
  checks: RequiredChecksModel;
  name: string;
  location: JsonLocation;
  /** The mapping entry of that name, followed into the workflows. */
  resolved?: ResolvedMapping;
}

export function checkNameAt(model: WorkspaceModel, policy: Policy, file: string, offset: number): CheckNameAt | undefined {
  const checks = readRequiredChecks(model, policy);
  if (!checks || checks.file !== file) return undefined;
  const location = getLocation(checks.doc.text, offset);
  const [head, second] = location.path;
  let name: string | undefined;
  if (head === 'required_status_checks' && typeof second === 'number') name = checks.checks.find((c) => c.index === second)?.name;
  else if (head === 'check_job_mapping' && typeof second === 'string') name = second;
  if (name === undefined) return undefined;
  const entry = checks.mappingByName.get(name);
  return { checks, name, location, resolved: entry && checks.resolved.get(entry) };
}

/** The job a cursor in a workflow file is on (its key or its `name:` value). */
export function jobAt(model: WorkspaceModel, file: string, offset: number): { workflow: Workflow; job: WorkflowJob } | undefined {
  const workflow = workflowOf(model, file);
  if (!workflow) return undefined;
  for (const job of workflow.jobs) {
    const key = job.keyNode.range;
    const name = job.nameNode?.range;
    if ((key && offset >= key[0] && offset <= key[1]) || (name && offset >= name[0] && offset <= name[1])) return { workflow, job };
  }
  return undefined;
}

export function jobLocation(workflow: Workflow, job: WorkflowJob): FileLocation {
  return { file: workflow.file, range: job.idRange! };
}

/** Go to definition: a check or mapping entry → its job; an executive-summary entry's path → the report. */
export function definition(model: WorkspaceModel, policy: Policy, file: string, offset: number): FileLocation[] {
  const at = checkNameAt(model, policy, file, offset);
  if (at?.resolved?.job && at.resolved.workflow) return [jobLocation(at.resolved.workflow, at.resolved.job)];
  if (at?.resolved?.workflow && at.location.path.includes('workflow')) return [{ file: at.resolved.workflow.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  const doc = model.json(file);
  if (doc?.isValid) {
    const location = getLocation(doc.text, offset);
    const [head, index, field] = location.path;
    if (head === 'reports' && typeof index === 'number' && field === 'path') {
      const target = doc.valueAt(['reports', index, 'path']);
      if (typeof target === 'string' && model.exists(target)) return [{ file: target, range: model.json(target)?.rangeNear(['status']) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    }
  }
  return [];
}

/** The mapping entries (and their required-list entries) that point at a job. */
function entriesOfJob(checks: RequiredChecksModel, workflow: Workflow, job: WorkflowJob): MappingEntry[] {
  return checks.mapping.filter((entry) => {
    const resolved = checks.resolved.get(entry);
    return resolved?.workflow === workflow && resolved.job === job;
  });
}

/** Find references from a job: the required checks and mapping entries that name it. */
export function references(model: WorkspaceModel, policy: Policy, file: string, offset: number): FileLocation[] {
  const found = jobAt(model, file, offset);
  const checks = readRequiredChecks(model, policy);
  if (!found || !checks) return [];
  const locations: FileLocation[] = [];
  for (const entry of entriesOfJob(checks, found.workflow, found.job)) {
    for (const check of checks.checks.filter((c) => c.name === entry.name)) locations.push({ file: checks.file, range: checks.doc.rangeOf(check.node) });
    locations.push({ file: checks.file, range: checks.doc.rangeOf(entry.keyNode) });
    if (entry.jobIdNode) locations.push({ file: checks.file, range: checks.doc.rangeOf(entry.jobIdNode) });
  }
  return locations;
}

/** The range of a job id that can be renamed at the cursor, if any. */
export function prepareRename(model: WorkspaceModel, file: string, offset: number): { range: Range; placeholder: string } | undefined {
  const found = jobAt(model, file, offset);
  const key = found?.job.keyNode.range;
  if (!found || !key || offset < key[0] || offset > key[1]) return undefined;
  return { range: found.job.idRange!, placeholder: found.job.id };
}

/**
 * Renaming a job id: the key in the workflow, the `needs:` that name it, every mapping job_id pointing at it,
 * and, when the check name follows the id (no `name:`), the required check, its mapping key and the policy document.
 */
export function renameJob(model: WorkspaceModel, policy: Policy, file: string, offset: number, newId: string): FileEdit[] | undefined {
  const found = jobAt(model, file, offset);
  if (!found || !prepareRename(model, file, offset)) return undefined;
  const { workflow, job } = found;
  const key = job.keyNode.range!;
  const edits: FileEdit[] = [{ file, offset: key[0], length: key[1] - key[0], newText: yamlScalarText(newId, job.keyNode.type) }];
  for (const other of workflow.jobs) {
    const needs = other.node.get('needs', true);
    const items: unknown[] = isScalar(needs) ? [needs] : isSeq(needs) ? (needs as { items: unknown[] }).items : [];
    for (const item of items) {
      if (isScalar(item) && item.value === job.id && item.range) edits.push({ file, offset: item.range[0], length: item.range[1] - item.range[0], newText: yamlScalarText(newId, item.type) });
    }
  }
  const checks = readRequiredChecks(model, policy);
  if (checks) {
    const followsId = job.name === undefined && job.matrix === undefined && job.uses === undefined;
    for (const entry of entriesOfJob(checks, workflow, job)) {
      if (entry.jobIdNode) edits.push({ file: checks.file, offset: entry.jobIdNode.offset, length: entry.jobIdNode.length, newText: JSON.stringify(newId) });
      if (!followsId || entry.name !== job.id) continue;
      edits.push({ file: checks.file, offset: entry.keyNode.offset, length: entry.keyNode.length, newText: JSON.stringify(newId) });
      for (const check of checks.checks.filter((c) => c.name === job.id)) edits.push({ file: checks.file, offset: check.node.offset, length: check.node.length, newText: JSON.stringify(newId) });
      const documentFile = policy.branchProtection?.policyDocument;
      const text = documentFile ? model.text(documentFile) : undefined;
      if (documentFile && text !== undefined) {
        const needle = `\`${job.id}\``;
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) edits.push({ file: documentFile, offset: at + 1, length: job.id.length, newText: newId });
      }
    }
  }
  return edits;
}

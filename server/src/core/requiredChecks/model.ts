import type { Node } from 'jsonc-parser';
import type { JsonDocument } from '../parse/jsonDocument';
import type { Policy } from '../policy/policy';
import type { Range } from '../types';
import { ReportedCheckNames, reportedCheckNames } from '../workflow/checkNames';
import { FindWorkflow, modelWorkflowFinder, readWorkflows, Workflow, workflowFiles, workflowFinder, WorkflowJob, workflowOf } from '../workflow/workflowModel';
import { baseName, WorkspaceModel } from '../workspace';

/** One entry of `required_status_checks`. */
export interface RequiredCheck {
  name: string;
  index: number;
  node: Node;
}

/** One member of `check_job_mapping`. */
export interface MappingEntry {
  name: string;
  keyNode: Node;
  valueNode: Node;
  workflow?: string;
  workflowNode?: Node;
  jobId?: string;
  jobIdNode?: Node;
}

/** A mapping entry followed into the workflows: the file, the job, and the names it reports. */
export interface Resolved<E, W extends Workflow | undefined> {
  entry: E;
  workflow: W;
  job?: WorkflowJob;
  reported?: ReportedCheckNames;
}

/** An entry of the required-checks file, resolved in the workflow it names if there is one. */
export type ResolvedMapping = Resolved<MappingEntry, Workflow | undefined>;

/** docs/required_status_checks.json, read with a node for every entry. */
export interface RequiredChecksDoc {
  file: string;
  doc: JsonDocument;
  checks: RequiredCheck[];
  mapping: MappingEntry[];
  /** The first mapping entry of each check name. */
  mappingByName: ReadonlyMap<string, MappingEntry>;
  /** The names in `required_status_checks`. */
  required: ReadonlySet<string>;
  /** The mapping entries of required checks by the workflow file name they name, in mapping order. */
  requiredByWorkflowName: ReadonlyMap<string, MappingEntry[]>;
}

/**
 * A required check's mapping entry as the rules of the workflow it names use it: plain data, so that an
 * edit of another entry of the required-checks file is seen to leave it as it was.
 */
export interface WorkflowMappingEntry {
  name: string;
  jobId?: string;
  /** Where the entry's key is written in the required-checks file. */
  keyRange: Range;
}

/** A mapping entry of a required check, resolved in the workflow it names. */
export type MappedToWorkflow = Resolved<WorkflowMappingEntry, Workflow>;

/** The required-checks file joined with the workflows. */
export interface RequiredChecksModel extends RequiredChecksDoc {
  resolved: Map<MappingEntry, ResolvedMapping>;
  workflows: Workflow[];
  /** File names of workflows that are there but do not parse: their jobs are unknown, not missing. */
  unparsedWorkflows: Set<string>;
  findWorkflow: FindWorkflow;
}

export function requiredChecksFile(policy: Policy): string | undefined {
  return policy.branchProtection?.requiredChecks;
}

/** The required-checks file as a rule's file list: itself when it is in the workspace, else nothing. */
export function requiredChecksFiles(model: WorkspaceModel, policy: Policy): string[] {
  const file = requiredChecksFile(policy);
  return file && model.exists(file) ? [file] : [];
}

/** The model of the policy's required-checks file, or undefined when it is absent or not valid JSON. */
export function readRequiredChecks(model: WorkspaceModel, policy: Policy): RequiredChecksModel | undefined {
  const file = requiredChecksFile(policy);
  return file ? model.derived('required-checks', file, () => joinRequiredChecks(model, file)) : undefined;
}

/** The policy's required-checks file alone (no workflow read): what a rule that does not look at the workflows reads. */
export function readRequiredChecksFile(model: WorkspaceModel, policy: Policy): RequiredChecksDoc | undefined {
  const file = requiredChecksFile(policy);
  return file ? readRequiredChecksDoc(model, file) : undefined;
}

/** The required-checks file alone (no workflow read), or undefined when it is absent or not a JSON object. */
function readRequiredChecksDoc(model: WorkspaceModel, file: string): RequiredChecksDoc | undefined {
  return model.derived('required-checks-file', file, () => {
    const doc = model.json(file);
    return doc?.root && doc.root.type === 'object' ? parseRequiredChecks(file, doc) : undefined;
  });
}

/**
 * The required checks mapped to one workflow file, resolved in it: reads that workflow, the workflows its
 * jobs call, and the entries of the required-checks file that name it, so an edit of another workflow,
 * or of another entry, leaves it as it was. `file` is the required-checks file.
 */
export function requiredChecksOfWorkflow(model: WorkspaceModel, policy: Policy, workflowFile: string): { file: string; mapped: MappedToWorkflow[] } | undefined {
  const file = requiredChecksFile(policy);
  if (!file) return undefined;
  return model.derived('required-checks-of-workflow', workflowFile, () => {
    const entries = entriesNaming(model, file, baseName(workflowFile));
    if (!entries) return undefined;
    const workflow = workflowOf(model, workflowFile);
    const findWorkflow = modelWorkflowFinder(model);
    return { file, mapped: workflow ? entries.map((entry) => resolve(entry, workflow, findWorkflow)) : [] };
  });
}

/**
 * The mapping entries of required checks that name a workflow file, as plain data: compared by value,
 * so a keystroke in the required-checks file drops the results of the workflows whose entries it changed only.
 */
function entriesNaming(model: WorkspaceModel, file: string, workflowName: string): WorkflowMappingEntry[] | undefined {
  return model.derivedByValue('required-checks-entries', `${file}\0${workflowName}`, (current) => {
    const checks = readRequiredChecksDoc(current, file);
    return checks ? (entriesByWorkflow(checks).get(workflowName) ?? noEntries) : undefined;
  });
}

const noEntries: WorkflowMappingEntry[] = [];

/**
 * Every workflow's entries as entriesNaming gives them, worked out once per parse of the file (there is one
 * per workflow, and all of them are worked out again at a keystroke in the file), and the same lists as the
 * previous parse's where they are equal: comparing those is then one identity check.
 */
function entriesByWorkflow(checks: RequiredChecksDoc): Map<string, WorkflowMappingEntry[]> {
  let byName = entriesOfDoc.get(checks);
  if (byName) return byName;
  const previous = lastEntries.get(checks.file);
  byName = new Map();
  for (const [workflowName, entries] of checks.requiredByWorkflowName) {
    const listed = entries.map((entry) => ({ name: entry.name, ...(entry.jobId !== undefined ? { jobId: entry.jobId } : {}), keyRange: checks.doc.rangeOf(entry.keyNode) }));
    const before = previous?.get(workflowName);
    byName.set(workflowName, before && sameEntries(before, listed) ? before : listed);
  }
  entriesOfDoc.set(checks, byName);
  lastEntries.set(checks.file, byName);
  return byName;
}

const entriesOfDoc = new WeakMap<RequiredChecksDoc, Map<string, WorkflowMappingEntry[]>>();
/**
 * Per required-checks path, the lists of the latest parse of a file at that path. Folders whose files share a
 * path take turns here: their lists are then compared and not shared, which costs sharing, not correctness.
 */
const lastEntries = new Map<string, Map<string, WorkflowMappingEntry[]>>();

function sameEntries(a: readonly WorkflowMappingEntry[], b: readonly WorkflowMappingEntry[]): boolean {
  const samePosition = (x: Range['start'], y: Range['start']) => x.line === y.line && x.character === y.character;
  return a.length === b.length && a.every((entry, i) => entry.name === b[i].name && entry.jobId === b[i].jobId && samePosition(entry.keyRange.start, b[i].keyRange.start) && samePosition(entry.keyRange.end, b[i].keyRange.end));
}

/** The workflow files that required checks are mapped to (whether they parse or not): reads the required-checks file and the names. */
export function workflowFilesOfRequiredChecks(model: WorkspaceModel, policy: Policy): string[] {
  const file = requiredChecksFile(policy);
  const checks = file ? readRequiredChecksDoc(model, file) : undefined;
  if (!checks) return [];
  return workflowFiles(model).filter((f) => checks.requiredByWorkflowName.has(baseName(f)));
}

function joinRequiredChecks(model: WorkspaceModel, file: string): RequiredChecksModel | undefined {
  const checks = readRequiredChecksDoc(model, file);
  if (!checks) return undefined;
  const workflows = readWorkflows(model);
  const { unparsedWorkflows, byFileName, findWorkflow } = workflowIndex(workflows, workflowFiles(model));
  const resolved = new Map<MappingEntry, ResolvedMapping>();
  for (const entry of checks.mapping) resolved.set(entry, resolve(entry, entry.workflow ? byFileName.get(entry.workflow) : undefined, findWorkflow));
  return { ...checks, resolved, workflows, unparsedWorkflows, findWorkflow };
}

interface WorkflowIndex {
  unparsedWorkflows: Set<string>;
  byFileName: Map<string, Workflow>;
  findWorkflow: FindWorkflow;
}

/** What the join needs of the workflows, once per list of them (kept while no workflow changes: a keystroke in the required-checks file reuses it). */
const workflowIndexes = new WeakMap<Workflow[], { files: readonly string[]; index: WorkflowIndex }>();

function workflowIndex(workflows: Workflow[], files: readonly string[]): WorkflowIndex {
  const kept = workflowIndexes.get(workflows);
  if (kept?.files === files) return kept.index;
  const parsed = new Set(workflows.map((w) => w.file));
  const index = {
    unparsedWorkflows: new Set(files.filter((f) => !parsed.has(f)).map(baseName)),
    byFileName: new Map(workflows.map((w) => [w.fileName, w])),
    findWorkflow: workflowFinder(workflows),
  };
  workflowIndexes.set(workflows, { files, index });
  return index;
}

function resolve<E extends { jobId?: string }, W extends Workflow | undefined>(entry: E, workflow: W, findWorkflow: FindWorkflow): Resolved<E, W> {
  const job = workflow && entry.jobId !== undefined ? jobById(workflow).get(entry.jobId) : undefined;
  return { entry, workflow, job, reported: job ? reportedCheckNames(job, findWorkflow) : undefined };
}

/** A workflow's jobs by id (the first of an id written twice), once per parse. */
function jobById(workflow: Workflow): Map<string, WorkflowJob> {
  let byId = jobsById.get(workflow);
  if (!byId) {
    byId = new Map();
    for (const job of workflow.jobs) if (!byId.has(job.id)) byId.set(job.id, job);
    jobsById.set(workflow, byId);
  }
  return byId;
}

const jobsById = new WeakMap<Workflow, Map<string, WorkflowJob>>();

function member(node: Node | undefined, name: string): Node | undefined {
  return node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1] : undefined;
}

function parseRequiredChecks(file: string, doc: JsonDocument): RequiredChecksDoc {
  const list = member(doc.root, 'required_status_checks');
  const checks: RequiredCheck[] = [];
  list?.type === 'array' &&
    list.children?.forEach((node, index) => {
      if (node.type === 'string') checks.push({ name: node.value, index, node });
    });
  const mappingNode = member(doc.root, 'check_job_mapping');
  const mapping: MappingEntry[] = [];
  if (mappingNode?.type === 'object') {
    for (const property of mappingNode.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      const workflowNode = member(valueNode, 'workflow');
      const jobIdNode = member(valueNode, 'job_id');
      mapping.push({
        name: keyNode.value,
        keyNode,
        valueNode,
        workflowNode,
        jobIdNode,
        workflow: workflowNode?.type === 'string' ? workflowNode.value : undefined,
        jobId: jobIdNode?.type === 'string' ? jobIdNode.value : undefined,
      });
    }
  }
  const mappingByName = new Map<string, MappingEntry>();
  for (const entry of mapping) if (!mappingByName.has(entry.name)) mappingByName.set(entry.name, entry);
  const required = new Set(checks.map((c) => c.name));
  const requiredByWorkflowName = new Map<string, MappingEntry[]>();
  for (const entry of mapping) {
    if (entry.workflow === undefined || !required.has(entry.name)) continue;
    const list = requiredByWorkflowName.get(entry.workflow);
    if (list) list.push(entry);
    else requiredByWorkflowName.set(entry.workflow, [entry]);
  }
  return { file, doc, checks, mapping, mappingByName, required, requiredByWorkflowName };
}

/** A job of a workflow with the check names it reports. */
export interface JobReporter {
  workflow: Workflow;
  job: WorkflowJob;
  reported: ReportedCheckNames;
}

/** Every job of the workflows with the names it reports. */
export function jobReporters(workflows: Workflow[], findWorkflow = workflowFinder(workflows)): JobReporter[] {
  return workflows.flatMap((workflow) => workflow.jobs.map((job) => ({ workflow, job, reported: reportedCheckNames(job, findWorkflow) })));
}

/** Every job of every workflow with the names it reports (for completion, "add mapping", and near misses). */
export function allReportedNames(checks: RequiredChecksModel): JobReporter[] {
  return reportersOf(checks).all;
}

/** The jobs reporting each check name, in workflow and job order. */
export function reportersByName(checks: RequiredChecksModel): ReadonlyMap<string, JobReporter[]> {
  const reporters = reportersOf(checks);
  if (!reporters.byName) {
    reporters.byName = new Map();
    for (const reporter of reporters.all) {
      for (const name of new Set(reporter.reported.names)) {
        const list = reporters.byName.get(name);
        if (list) list.push(reporter);
        else reporters.byName.set(name, [reporter]);
      }
    }
  }
  return reporters.byName;
}

/** The reporters of one list of workflows, shared by every join over it (the list is kept while no workflow changes). */
const reporters = new WeakMap<Workflow[], { all: JobReporter[]; byName?: Map<string, JobReporter[]> }>();

function reportersOf(checks: RequiredChecksModel): { all: JobReporter[]; byName?: Map<string, JobReporter[]> } {
  let found = reporters.get(checks.workflows);
  if (!found) reporters.set(checks.workflows, (found = { all: jobReporters(checks.workflows, checks.findWorkflow) }));
  return found;
}

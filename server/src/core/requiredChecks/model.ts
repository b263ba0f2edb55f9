import type { Node } from 'jsonc-parser';
import type { JsonDocument } from '../parse/jsonDocument';
import type { Policy } from '../policy/policy';
import { ReportedCheckNames, reportedCheckNames } from '../workflow/checkNames';
import { FindWorkflow, readWorkflows, Workflow, workflowFiles, workflowFinder, WorkflowJob } from '../workflow/workflowModel';
import type { WorkspaceModel } from '../workspace';

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
export interface ResolvedMapping {
  entry: MappingEntry;
  workflow?: Workflow;
  job?: WorkflowJob;
  reported?: ReportedCheckNames;
}

/** docs/required_status_checks.json, read with a node for every entry, and joined with the workflows. */
export interface RequiredChecksModel {
  file: string;
  doc: JsonDocument;
  checks: RequiredCheck[];
  mapping: MappingEntry[];
  /** The first mapping entry of each check name. */
  mappingByName: ReadonlyMap<string, MappingEntry>;
  resolved: Map<MappingEntry, ResolvedMapping>;
  /** The names in `required_status_checks`. */
  required: ReadonlySet<string>;
  /** The resolved entries of required checks, by the file of the workflow they map to, in mapping order. */
  requiredByWorkflowFile: ReadonlyMap<string, (ResolvedMapping & { workflow: Workflow })[]>;
  workflows: Workflow[];
  /** File names of workflows that are there but do not parse: their jobs are unknown, not missing. */
  unparsedWorkflows: Set<string>;
  findWorkflow: FindWorkflow;
}

const models = new WeakMap<JsonDocument, RequiredChecksModel>();

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

function joinRequiredChecks(model: WorkspaceModel, file: string): RequiredChecksModel | undefined {
  const doc = model.json(file);
  if (!doc?.root || doc.root.type !== 'object') return undefined;
  const workflows = readWorkflows(model);
  const parsed = new Set(workflows.map((w) => w.file));
  const unparsed = new Set(workflowFiles(model).filter((f) => !parsed.has(f)).map((f) => f.slice(f.lastIndexOf('/') + 1)));
  // The join is reused only while every workflow is the same parse (workflows are parsed once per text) and the same ones do not parse.
  const cached = models.get(doc);
  const sameUnparsed = cached && cached.unparsedWorkflows.size === unparsed.size && [...unparsed].every((name) => cached.unparsedWorkflows.has(name));
  if (cached && sameUnparsed && cached.workflows.length === workflows.length && cached.workflows.every((w, i) => w === workflows[i])) return cached;
  const built = build(file, doc, workflows, unparsed);
  models.set(doc, built);
  return built;
}

function member(node: Node | undefined, name: string): Node | undefined {
  return node?.type === 'object' ? node.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1] : undefined;
}

function build(file: string, doc: JsonDocument, workflows: Workflow[], unparsedWorkflows: Set<string>): RequiredChecksModel {
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
  const byFileName = new Map(workflows.map((w) => [w.fileName, w]));
  const findWorkflow = workflowFinder(workflows);
  const resolved = new Map<MappingEntry, ResolvedMapping>();
  for (const entry of mapping) {
    const workflow = entry.workflow ? byFileName.get(entry.workflow) : undefined;
    const job = workflow && entry.jobId !== undefined ? workflow.jobs.find((j) => j.id === entry.jobId) : undefined;
    resolved.set(entry, { entry, workflow, job, reported: job ? reportedCheckNames(job, findWorkflow) : undefined });
  }
  const mappingByName = new Map<string, MappingEntry>();
  for (const entry of mapping) if (!mappingByName.has(entry.name)) mappingByName.set(entry.name, entry);
  const required = new Set(checks.map((c) => c.name));
  const requiredByWorkflowFile = new Map<string, (ResolvedMapping & { workflow: Workflow })[]>();
  for (const r of resolved.values()) {
    const { workflow } = r;
    if (!workflow || !required.has(r.entry.name)) continue;
    const list = requiredByWorkflowFile.get(workflow.file);
    if (list) list.push({ ...r, workflow });
    else requiredByWorkflowFile.set(workflow.file, [{ ...r, workflow }]);
  }
  return { file, doc, checks, mapping, mappingByName, resolved, required, requiredByWorkflowFile, workflows, unparsedWorkflows, findWorkflow };
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

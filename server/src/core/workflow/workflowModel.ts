import { isMap, isNode, isScalar, isSeq, Pair, Scalar, YAMLMap } from 'yaml';
import { YamlDocument } from '../parse/yamlDocument';
import type { SyntaxProblem } from '../parse/jsonDocument';
import type { Range } from '../types';
import { WorkspaceModel } from '../workspace';

export interface WorkflowStep {
  index: number;
  range?: Range;
  uses?: string;
  /** `with.name` of the step, e.g. the artifact name of actions/upload-artifact. */
  withName?: string;
  withNameRange?: Range;
  /**
   * Column of the `run` key, for a step whose `run` is a string (the script, `WorkflowJob.runNode(step)`'s
   * value, is not kept apart: scripts are most of a workflow's text): the indentation an explicit block
   * indentation indicator counts from.
   */
  runKeyColumn?: number;
}

export interface WorkflowJob {
  id: string;
  idRange?: Range;
  /** The `name:` value as written (may hold `${{ }}` expressions). */
  name?: string;
  nameRange?: Range;
  /** `strategy.matrix` as plain data: an object, or a string when it is an expression. */
  matrix?: unknown;
  needs: string[];
  if?: string;
  /** A reusable workflow the job calls (`uses:` at job level). */
  uses?: string;
  usesRange?: Range;
  /** The inputs such a job passes (`with:`), as plain data. */
  with?: Record<string, unknown>;
  /** The `matrix` key under `strategy`, and each axis key of a matrix written as a mapping. */
  matrixKeyRange?: Range;
  matrixAxisRanges?: Record<string, Range>;
  steps: WorkflowStep[];
  /** The job's mapping, its key and its `name:` scalar, in the parse `Workflow.doc` gives. */
  readonly node: YAMLMap;
  readonly keyNode: Scalar;
  readonly nameNode?: Scalar;
  /** The `run:` scalar of one of its steps, when its value is a string (the step's script). */
  runNode(step: WorkflowStep): (Scalar & { value: string }) | undefined;
}

/** The `on:` events that run a workflow for pull requests, with their filters. */
export interface Trigger {
  event: string;
  /** Filter keys given for the event: branches, branches-ignore, paths, paths-ignore, types. */
  filters: string[];
  /** The event's key in `on:`, and its filters' keys (when `on:` is a mapping). */
  range?: Range;
  filterRanges?: Record<string, Range>;
  /** The patterns of `branches` and `branches-ignore`, when they are lists of strings. */
  branches?: string[];
  branchesIgnore?: string[];
}

export interface Workflow {
  /** The workspace path; for a workflow of another repository, the `OWNER/REPO/PATH@REF` its callers name. */
  file: string;
  /** File name as required_status_checks.json refers to it, e.g. `ci.yml`. */
  fileName: string;
  /** The parse the workflow was read from, or the same text parsed again once that one was let go (see releaseParse). */
  readonly doc: YamlDocument;
  /** Events of `on:`, in order; undefined when `on:` is absent or not understood. */
  triggers?: Trigger[];
  jobs: WorkflowJob[];
  /** `on.workflow_call.inputs.<id>.default` of a reusable workflow, where given. */
  inputDefaults: Record<string, unknown>;
  /** The `jobs:` key, where a finding about a job that is not there is shown. */
  jobsKeyRange?: Range;
  /** The `on:` key. */
  onKeyRange?: Range;
  /** For a workflow of another repository: where it is, so that its own `./` calls resolve there. */
  origin?: RemoteWorkflowPath;
}

/** A reusable workflow of another repository, as `uses: OWNER/REPO/.github/workflows/FILE@REF` names it. */
export interface RemoteWorkflowPath {
  owner: string;
  repo: string;
  path: string;
  ref: string;
}

/** The repository, path and ref of a `uses:` that calls a workflow of another repository; undefined for anything else. */
export function remoteWorkflowPath(uses: string): RemoteWorkflowPath | undefined {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/(\.github\/workflows\/[^@\s]+\.ya?ml)@(\S+)$/.exec(uses.trim());
  return match ? { owner: match[1], repo: match[2], path: match[3], ref: match[4] } : undefined;
}

/** The key of a workflow of another repository in CalledWorkflows. */
function remoteWorkflowKey(at: RemoteWorkflowPath): string {
  return `${at.owner}/${at.repo}/${at.path}@${at.ref}`;
}

/**
 * What a `uses:` written in a workflow of `origin` (undefined: of the workspace) calls, when that is a workflow
 * of another repository: its key; a `./` call inside such a workflow is that repository's at the same ref
 * (GitHub runs it from the called workflow's commit).
 */
export function calledKey(uses: string, origin: RemoteWorkflowPath | undefined): string | undefined {
  const local = localUsesPath(uses);
  if (local !== undefined) return origin ? remoteWorkflowKey({ ...origin, path: local }) : undefined;
  const remote = remoteWorkflowPath(uses);
  return remote ? remoteWorkflowKey(remote) : undefined;
}

/** merge_group is an additional trigger: the queue admits a pull request only once its required checks passed on it. */
const pullRequestEvents = ['pull_request', 'pull_request_target'];
/** Path filters skip pull requests that touch no matching file; branch filters only pick the base branch, which branch protection already scopes. */
const skippingFilters = ['paths', 'paths-ignore'];

/** The events that run a workflow for pull requests, and those of them with filters that can skip a pull request. */
export function pullRequestTriggers(triggers: readonly Trigger[]): { events: Trigger[]; filtered: Trigger[] } {
  let found = pullRequestTriggersOf.get(triggers);
  if (!found) {
    const events = triggers.filter((t) => pullRequestEvents.includes(t.event));
    const filtered = events.map((t) => ({ event: t.event, filters: t.filters.filter((f) => skippingFilters.includes(f)) })).filter((t) => t.filters.length > 0);
    pullRequestTriggersOf.set(triggers, (found = { events, filtered }));
  }
  return found;
}

/** Once per parse of a workflow: the rules on the required-checks file ask it for every check mapped to it, at every keystroke there. */
const pullRequestTriggersOf = new WeakMap<readonly Trigger[], { events: Trigger[]; filtered: Trigger[] }>();

/** Whether a workflow reports its checks on every pull request (one pull-request event without path filters). */
export function runsOnEveryPullRequest(workflow: Workflow): boolean {
  if (!workflow.triggers) return false;
  const { events, filtered } = pullRequestTriggers(workflow.triggers);
  return events.length > filtered.length;
}

export const workflowPattern = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * The repository path a same-repository `uses:` names: `./path`, or GitHub's self-repository syntax
 * `$/path` (the same repository at the running commit); undefined for a workflow or action elsewhere.
 */
export function localUsesPath(uses: string): string | undefined {
  return /^(?:\.|\$)\/([^@]*)/.exec(uses.trim())?.[1];
}

/** What a call finds: the workflow, or why a workflow of another repository could not be read. */
export type CalledWorkflow = Workflow | { unread: string };

/** Finds the workflow a job's `uses:` (written in `within`) calls: one of this repository, or one of another that the front fetched. */
export type FindWorkflow = (uses: string, within?: Workflow) => CalledWorkflow | undefined;

/** Finds called workflows among these workflows and, for the workspace's own list, the called workflows of other repositories it was handed. */
export function workflowFinder(workflows: readonly Workflow[]): FindWorkflow {
  const byPath = new Map(workflows.map((w) => [w.file, w]));
  return finder((path) => byPath.get(path), calledElsewhere.get(workflows));
}

/**
 * Finds called workflows of the workspace through the model: a result that uses it reads the files it
 * called, not every workflow.
 */
export function modelWorkflowFinder(model: WorkspaceModel): FindWorkflow {
  let found = modelFinders.get(model);
  if (!found) {
    modelFinders.set(model, (found = finder((path) => workflowOf(model, path), calledWorkflowsOf(model))));
  }
  return found;
}

const modelFinders = new WeakMap<WorkspaceModel, FindWorkflow>();

function finder(local: (path: string) => Workflow | undefined, elsewhere: ((key: string) => CalledWorkflow | undefined) | undefined): FindWorkflow {
  return (uses, within) => {
    const key = calledKey(uses, within?.origin);
    if (key !== undefined) return elsewhere?.(key);
    const path = localUsesPath(uses);
    return path === undefined ? undefined : local(path);
  };
}

/** The called workflows of other repositories of a workspace's workflow list, parsed on first use. */
const calledElsewhere = new WeakMap<readonly Workflow[], (key: string) => CalledWorkflow | undefined>();

/** The called workflows of other repositories, parsed on first use: an input of the check, kept until it changes. */
function calledWorkflowsOf(model: WorkspaceModel): ((key: string) => CalledWorkflow | undefined) | undefined {
  return model.derived('called-elsewhere', '', () => calledWorkflowLookup(model));
}

function calledWorkflowLookup(model: WorkspaceModel): ((key: string) => CalledWorkflow | undefined) | undefined {
  const called = model.snapshot.calledWorkflows;
  if (!called) return undefined;
  const parsed = new Map<string, CalledWorkflow>();
  return (key) => {
    const entry = called.get(key);
    if (!entry) return undefined;
    let workflow = parsed.get(key);
    if (!workflow) {
      const origin = remoteWorkflowPath(key)!;
      const doc = 'text' in entry ? new YamlDocument(key, entry.text) : undefined;
      workflow = !('text' in entry) ? entry : doc!.syntaxErrors.length > 0 ? { unread: `it is not valid YAML (${doc!.syntaxErrors[0].message})` } : readWorkflow(key, doc!, undefined, origin);
      parsed.set(key, workflow);
    }
    return workflow;
  };
}

const workflows = new WeakMap<YamlDocument, Workflow>();

/**
 * Every workflow file of the workspace that parses. A file with YAML errors is the yaml-syntax rule's
 * finding alone: its jobs cannot be known, so no rule may claim one is missing.
 */
export function readWorkflows(model: WorkspaceModel): Workflow[] {
  // One list while the workflow files are unchanged: every workflow rule asks for it.
  return model.derived('workflows', '', () => {
    const list = listWorkflows(model);
    const called = calledWorkflowsOf(model);
    if (called) calledElsewhere.set(list, called);
    return list;
  });
}

function listWorkflows(model: WorkspaceModel): Workflow[] {
  // One kept result per file: after an edit of one workflow, the others cost a lookup each.
  return model.derivedEach('workflow', workflowFiles(model), (file) => readWorkflowFile(model, file)).filter((workflow): workflow is Workflow => workflow !== undefined);
}

/** The workflow files of the workspace, sorted (whether they parse or not): reads the list of names alone. */
export function workflowFiles(model: WorkspaceModel): readonly string[] {
  return model.derived('workflow-files', '', () => model.files().filter((file) => workflowPattern.test(file)));
}

/** The workflow of one file, as readWorkflows has it (undefined when it is no workflow or does not parse): reads that file alone. */
export function workflowOf(model: WorkspaceModel, file: string): Workflow | undefined {
  return workflowPattern.test(file) ? model.derived('workflow', file, () => readWorkflowFile(model, file)) : undefined;
}

function readWorkflowFile(model: WorkspaceModel, file: string): Workflow | undefined {
  const doc = model.yaml(file);
  if (!doc || doc.syntaxErrors.length > 0) return undefined;
  let workflow = workflows.get(doc);
  if (!workflow) {
    workflow = readWorkflow(file, doc, doc.edited && lastWorkflowOf.get(doc.document));
    workflows.set(doc, workflow);
    lastWorkflowOf.set(doc.document, workflow);
  }
  return workflow;
}

/** The workflow last read from a YAML document that edits change in place (see YamlDocument.afterEdit). */
const lastWorkflowOf = new WeakMap<YamlDocument['document'], Workflow>();

/**
 * `previous`: the workflow of the text before an edit, whose document this one's moved: its jobs that the
 * edit did not reach and that are where they were (line and column) are kept, with what was worked out of
 * them (their check names, matrices): a keystroke in one job of 300 reads that job again, not all of them.
 * `origin`: for a workflow of another repository, where it is.
 */
function readWorkflow(file: string, doc: YamlDocument, previous?: Workflow, origin?: RemoteWorkflowPath): Workflow {
  const fileName = file.slice(file.lastIndexOf('/') + 1);
  const top = doc.document.contents;
  const jobsPair = jobsPairOf(doc);
  const jobs: WorkflowJob[] = [];
  if (jobsPair && isMap(jobsPair.value)) {
    const before = previous && new Map(previous.jobs.map((job) => [job.keyNode, job]));
    for (const pair of jobPairs(jobsPair.value)) {
      const kept = before?.get(pair.key);
      jobs.push(kept && kept.node === pair.value && untouched(doc, kept, pair.key) ? kept : readJob(doc, pair));
    }
  }
  // YAML 1.1 parsers read a bare `on` key as true; the `yaml` package (1.2) keeps the string.
  const onPair = isMap(top) ? top.items.find((p) => isScalar(p.key) && (p.key.value === 'on' || p.key.value === true)) : undefined;
  const on = onPair ? toData(doc, onPair.value) : undefined;
  const workflow = {
    file,
    fileName,
    jobs,
    triggers: withTriggerRanges(doc, readTriggers(on), onPair?.value),
    inputDefaults: readInputDefaults(on),
    jobsKeyRange: jobsPair ? doc.rangeOf(jobsPair.key) : undefined,
    onKeyRange: onPair ? doc.rangeOf(onPair.key) : undefined,
    ...(origin ? { origin } : {}),
  };
  const source = new WorkflowSource(doc);
  sources.set(workflow, source);
  // Not enumerable: a workflow compared or copied member by member is its data, not its parse.
  return Object.defineProperty(workflow, 'doc', { get: () => source.document() }) as Workflow;
}

/** The `jobs:` pair of a workflow's top mapping. */
function jobsPairOf(doc: YamlDocument): Pair | undefined {
  const top = doc.document.contents;
  return isMap(top) ? top.items.find((p) => isScalar(p.key) && p.key.value === 'jobs') : undefined;
}

/** The `run:` pair of a step's mapping. */
function runPairOf(step: YAMLMap): Pair | undefined {
  // The name first: most keys are not `run`, and the type test costs more (every step of every job comes here).
  return step.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'run' && isScalar(p.key));
}

/** The pairs of `jobs:` that are jobs (a key and a mapping), in order: the `jobs` of a workflow, one for one. */
function jobPairs(jobs: YAMLMap): Pair<Scalar, YAMLMap>[] {
  return jobs.items.filter((pair): pair is Pair<Scalar, YAMLMap> => isScalar(pair.key) && isMap(pair.value));
}

/**
 * A workflow's parse: held while the file may be edited in place (an open document), else let go and
 * parsed again from the same text when something asks for it (a fix, a hover). A YAML parse is about nine
 * times its text, and what the rules worked out of an unchanged workflow is kept without it.
 */
class WorkflowSource {
  private held?: YamlDocument;
  private parsedAgain?: WeakRef<YamlDocument>;
  private readonly file: string;
  private readonly text: string;

  constructor(doc: YamlDocument) {
    this.held = doc;
    this.file = doc.file;
    this.text = doc.text;
  }

  document(): YamlDocument {
    if (this.held) return this.held;
    let doc = this.parsedAgain?.deref();
    if (!doc) this.parsedAgain = new WeakRef((doc = new YamlDocument(this.file, this.text)));
    return doc;
  }

  release(): void {
    this.held = undefined;
  }

  get released(): boolean {
    return this.held === undefined;
  }
}

const sources = new WeakMap<object, WorkflowSource>();

/**
 * Lets go of the parse a workflow was read from: its `doc` and its jobs' nodes are then found again in a
 * parse of the same text, made when asked and dropped when nothing holds it. For a file that is not open.
 */
export function releaseParse(workflow: Workflow): void {
  const source = sources.get(workflow);
  if (!source || source.released) return;
  source.release();
  workflow.jobs.forEach((job, index) => (job as Job).release(source, index));
}

/** The workflow read from a parse (by readWorkflows and workflowOf), if one was. */
export function workflowReadFrom(doc: YamlDocument): Workflow | undefined {
  return workflows.get(doc);
}

/** The first YAML error of a workflow file: kept per file, whose parse may not be. */
export function firstYamlError(model: WorkspaceModel, file: string): SyntaxProblem | undefined {
  return model.derived('yaml-error', file, () => model.yaml(file)?.syntaxErrors[0]);
}

interface JobNodes {
  node: YAMLMap;
  keyNode: Scalar;
  nameNode?: Scalar;
}

/** The nodes of every job of a parse, found once per parse (for jobs whose workflow let its own parse go). */
const jobNodesOf = new WeakMap<YamlDocument, JobNodes[]>();

function jobNodesIn(doc: YamlDocument): JobNodes[] {
  let found = jobNodesOf.get(doc);
  if (!found) {
    const jobsValue = jobsPairOf(doc)?.value;
    found = isMap(jobsValue) ? jobPairs(jobsValue).map(nodesOf) : [];
    jobNodesOf.set(doc, found);
  }
  return found;
}

function nodesOf(pair: Pair<Scalar, YAMLMap>): JobNodes {
  const nameNode = pair.value!.get('name', true);
  return { node: pair.value!, keyNode: pair.key, ...(isScalar(nameNode) ? { nameNode } : {}) };
}

/** A job: plain data, and its nodes, held with the parse or found again in the parse its workflow gives. */
class Job implements WorkflowJob {
  // Declared, not defined: a job has the keys it was given, as the plain object it is to its readers.
  declare idRange?: Range;
  declare name?: string;
  declare nameRange?: Range;
  declare matrix?: unknown;
  needs: string[] = [];
  declare if?: string;
  declare uses?: string;
  declare usesRange?: Range;
  declare with?: Record<string, unknown>;
  declare matrixKeyRange?: Range;
  declare matrixAxisRanges?: Record<string, Range>;
  steps: WorkflowStep[] = [];
  #held?: JobNodes;
  #place?: { source: WorkflowSource; index: number };

  constructor(
    readonly id: string,
    nodes: JobNodes,
  ) {
    this.#held = nodes;
  }

  #nodes(): JobNodes {
    return this.#held ?? jobNodesIn(this.#place!.source.document())[this.#place!.index];
  }

  get node(): YAMLMap {
    return this.#nodes().node;
  }

  get keyNode(): Scalar {
    return this.#nodes().keyNode;
  }

  get nameNode(): Scalar | undefined {
    return this.#nodes().nameNode;
  }

  runNode(step: WorkflowStep): (Scalar & { value: string }) | undefined {
    const item = this.node.get('steps', true);
    const map = isSeq(item) ? item.items[step.index] : undefined;
    const run = isMap(map) ? runPairOf(map)?.value : undefined;
    return isScalar(run) && typeof run.value === 'string' ? (run as Scalar & { value: string }) : undefined;
  }

  /** Its nodes are found again as the `index`th job of the parse `source` gives. */
  release(source: WorkflowSource, index: number): void {
    this.#held = undefined;
    this.#place = { source, index };
  }
}

/** Where each event and filter of a mapping `on:` is written, and the branch patterns it filters by. */
function withTriggerRanges(doc: YamlDocument, triggers: Trigger[] | undefined, on: unknown): Trigger[] | undefined {
  if (!triggers || !isMap(on)) return triggers;
  return triggers.map((trigger) => {
    const pair = on.items.find((p) => isScalar(p.key) && String(p.key.value) === trigger.event);
    if (!pair) return trigger;
    const located: Trigger = { ...trigger, range: doc.rangeOf(pair.key) };
    if (isMap(pair.value)) {
      located.filterRanges = {};
      for (const filter of pair.value.items) if (isScalar(filter.key)) located.filterRanges[String(filter.key.value)] = doc.rangeOf(filter.key)!;
      const patterns = (key: string) => {
        const value = toData(doc, (pair.value as YAMLMap).get(key, true));
        return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : typeof value === 'string' ? [value] : undefined;
      };
      located.branches = patterns('branches');
      located.branchesIgnore = patterns('branches-ignore');
    }
    return located;
  });
}

function readInputDefaults(on: unknown): Record<string, unknown> {
  const call = on !== null && typeof on === 'object' && !Array.isArray(on) ? (on as Record<string, unknown>).workflow_call : undefined;
  const inputs = call !== null && typeof call === 'object' ? (call as Record<string, unknown>).inputs : undefined;
  const defaults: Record<string, unknown> = {};
  if (inputs === null || typeof inputs !== 'object') return defaults;
  for (const [id, input] of Object.entries(inputs as Record<string, unknown>)) {
    if (input !== null && typeof input === 'object' && 'default' in input) defaults[id] = (input as Record<string, unknown>).default;
  }
  return defaults;
}

function readTriggers(on: unknown): Trigger[] | undefined {
  if (typeof on === 'string') return [{ event: on, filters: [] }];
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === 'string').map((event) => ({ event, filters: [] }));
  if (on !== null && typeof on === 'object') {
    return Object.entries(on as Record<string, unknown>).map(([event, config]) => ({
      event,
      filters: config !== null && typeof config === 'object' ? Object.keys(config as object) : [],
    }));
  }
  return undefined;
}

function toData(doc: YamlDocument, node: unknown): unknown {
  try {
    // maxAliasCount: an alias bomb inside a job fails here instead of exhausting memory.
    return isNode(node) ? node.toJS(doc.document, { maxAliasCount: 100 }) : node;
  } catch {
    return undefined;
  }
}

/** Whether a job read from the previous text is as it was in this one: outside what the edit wrote, at the same line and column. */
function untouched(doc: YamlDocument, job: WorkflowJob, key: Scalar): boolean {
  const from = key.range?.[0];
  const to = job.node.range?.[2];
  if (from === undefined || to === undefined || !doc.edited || (doc.edited.from <= to && doc.edited.to >= from)) return false;
  const at = doc.lines.positionAt(from);
  return job.idRange?.start.line === at.line && job.idRange.start.character === at.character;
}

function readJob(doc: YamlDocument, pair: Pair<Scalar, YAMLMap>): WorkflowJob {
  const nodes = nodesOf(pair);
  const { node, nameNode } = nodes;
  const job = new Job(String(pair.key.value), nodes);
  job.idRange = doc.rangeOf(pair.key);
  if (nameNode) {
    job.name = String(nameNode.value);
    job.nameRange = doc.rangeOf(nameNode);
  }
  const strategy = node.get('strategy', true);
  const matrixPair = isMap(strategy) ? strategy.items.find((p) => isScalar(p.key) && p.key.value === 'matrix') : undefined;
  if (matrixPair) {
    job.matrix = toData(doc, matrixPair.value);
    job.matrixKeyRange = doc.rangeOf(matrixPair.key);
    if (isMap(matrixPair.value)) job.matrixAxisRanges = Object.fromEntries(matrixPair.value.items.filter((p) => isScalar(p.key)).map((p) => [String((p.key as Scalar).value), doc.rangeOf(p.key)!]));
  }
  const needs = toData(doc, node.get('needs', true));
  job.needs = typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs.map(String) : [];
  const condition = node.get('if', true);
  if (isScalar(condition)) job.if = String(condition.value);
  const uses = node.get('uses', true);
  if (isScalar(uses)) {
    job.uses = String(uses.value);
    job.usesRange = doc.rangeOf(uses);
  }
  const passed = job.uses === undefined ? undefined : toData(doc, node.get('with', true));
  if (passed !== null && typeof passed === 'object' && !Array.isArray(passed)) job.with = passed as Record<string, unknown>;
  const steps = node.get('steps', true);
  if (isSeq(steps)) {
    steps.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const step: WorkflowStep = { index, range: doc.rangeOf(item) };
      // One pass over the step's keys for the first `uses`, `run` and `with` (there are thousands of steps).
      let uses: Pair | undefined;
      let runPair: Pair | undefined;
      let withPair: Pair | undefined;
      for (const pair of item.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (key !== 'uses' && key !== 'run' && key !== 'with') continue;
        if (!isScalar(pair.key)) continue;
        if (key === 'uses') uses ??= pair;
        else if (key === 'run') runPair ??= pair;
        else withPair ??= pair;
      }
      if (isScalar(uses?.value)) step.uses = String(uses.value.value);
      const run = runPair?.value;
      if (isScalar(run) && typeof run.value === 'string') {
        const keyStart = (runPair!.key as Scalar).range?.[0];
        if (keyStart !== undefined) step.runKeyColumn = doc.lines.positionAt(keyStart).character;
      }
      const withNode = withPair?.value;
      const withName = isMap(withNode) ? withNode.get('name', true) : undefined;
      if (isScalar(withName)) {
        step.withName = String(withName.value);
        step.withNameRange = doc.rangeOf(withName);
      }
      job.steps.push(step);
    });
  }
  return job;
}

type Upload = { workflow: Workflow; job: WorkflowJob; step: WorkflowStep };

/** A step that uploads an artifact, as plain data: what says where it is. */
export interface ArtifactUpload {
  file: string;
  fileName: string;
  jobId: string;
  withNameRange?: Range;
}

/**
 * The steps that upload an artifact with this exact name. Compared by value: an edit of a workflow that
 * leaves its uploads where they were keeps what was worked out of them (the controls that name the artifact).
 */
export function artifactUploads(model: WorkspaceModel, name: string): ArtifactUpload[] {
  // Asked for a handful of names: one lookup per workflow each, not an index of every upload rebuilt at each workflow edit.
  return model.derivedByValue('artifact-uploads', name, (current) => {
    const found: ArtifactUpload[] = [];
    for (const workflow of readWorkflows(current)) {
      for (const { job, step } of uploadsIn(workflow, name)) found.push({ file: workflow.file, fileName: workflow.fileName, jobId: job.id, ...(step.withNameRange ? { withNameRange: step.withNameRange } : {}) });
    }
    return found;
  });
}

/** The steps of one workflow that upload an artifact with this exact name, with their job. */
export function uploadsIn(workflow: Workflow, name: string): readonly Upload[] {
  let byName = uploadsByWorkflow.get(workflow);
  if (!byName) {
    byName = new Map();
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        if (!step.uses?.startsWith('actions/upload-artifact@') || step.withName === undefined) continue;
        const list = byName.get(step.withName);
        if (list) list.push({ workflow, job, step });
        else byName.set(step.withName, [{ workflow, job, step }]);
      }
    }
    uploadsByWorkflow.set(workflow, byName);
  }
  return byName.get(name) ?? noUploads;
}

const noUploads: readonly Upload[] = [];

/** A workflow's upload steps by artifact name, once per parse. */
const uploadsByWorkflow = new WeakMap<Workflow, Map<string, Upload[]>>();

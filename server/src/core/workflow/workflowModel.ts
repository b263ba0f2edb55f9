import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap } from 'yaml';
import type { YamlDocument } from '../parse/yamlDocument';
import type { Range } from '../types';
import { WorkspaceModel } from '../workspace';

export interface WorkflowStep {
  index: number;
  range?: Range;
  uses?: string;
  /** `with.name` of the step, e.g. the artifact name of actions/upload-artifact. */
  withName?: string;
  withNameRange?: Range;
  run?: string;
  runNode?: Scalar;
}

export interface WorkflowJob {
  id: string;
  idRange?: Range;
  name?: string;
  nameRange?: Range;
  steps: WorkflowStep[];
  node: YAMLMap;
}

export interface Workflow {
  file: string;
  /** File name as required_status_checks.json refers to it, e.g. `ci.yml`. */
  fileName: string;
  doc: YamlDocument;
  jobs: WorkflowJob[];
}

export const workflowPattern = /^\.github\/workflows\/[^/]+\.ya?ml$/;

const workflows = new WeakMap<YamlDocument, Workflow>();

/** Every workflow file of the workspace, parsed. */
export function readWorkflows(model: WorkspaceModel): Workflow[] {
  return model
    .files()
    .filter((file) => workflowPattern.test(file))
    .map((file) => {
      const doc = model.yaml(file)!;
      let workflow = workflows.get(doc);
      if (!workflow) {
        workflow = readWorkflow(file, doc);
        workflows.set(doc, workflow);
      }
      return workflow;
    });
}

function readWorkflow(file: string, doc: YamlDocument): Workflow {
  const fileName = file.slice(file.lastIndexOf('/') + 1);
  const jobsNode = isMap(doc.document.contents) ? doc.document.contents.get('jobs', true) : undefined;
  const jobs: WorkflowJob[] = [];
  if (isMap(jobsNode)) {
    for (const pair of jobsNode.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue;
      jobs.push(readJob(doc, pair as Pair<Scalar, YAMLMap>));
    }
  }
  return { file, fileName, doc, jobs };
}

function readJob(doc: YamlDocument, pair: Pair<Scalar, YAMLMap>): WorkflowJob {
  const node = pair.value!;
  const nameNode = node.get('name', true);
  const job: WorkflowJob = { id: String(pair.key.value), idRange: doc.rangeOf(pair.key), steps: [], node };
  if (isScalar(nameNode)) {
    job.name = String(nameNode.value);
    job.nameRange = doc.rangeOf(nameNode);
  }
  const steps = node.get('steps', true);
  if (isSeq(steps)) {
    steps.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const step: WorkflowStep = { index, range: doc.rangeOf(item) };
      const uses = item.get('uses', true);
      if (isScalar(uses)) step.uses = String(uses.value);
      const run = item.get('run', true);
      if (isScalar(run) && typeof run.value === 'string') {
        step.run = run.value;
        step.runNode = run;
      }
      const withNode = item.get('with', true);
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

/** The steps that upload an artifact with this exact name, with their job. */
export function artifactUploads(model: WorkspaceModel, name: string): { workflow: Workflow; job: WorkflowJob; step: WorkflowStep }[] {
  return readWorkflows(model).flatMap((workflow) =>
    workflow.jobs.flatMap((job) =>
      job.steps
        .filter((step) => step.uses?.startsWith('actions/upload-artifact@') && step.withName === name)
        .map((step) => ({ workflow, job, step })),
    ),
  );
}

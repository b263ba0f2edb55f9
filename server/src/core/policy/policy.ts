import { artifactsFolderOf, ciArtifactsFolder } from '../fileGlob';
import defaultPolicyDocument from './default-policy.json';

export type Criterion = {
  field: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  empty?: boolean;
  atLeast?: number;
  label?: string;
};

export type Evidence =
  | { kind: 'report'; path: string; optional?: boolean }
  | { kind: 'ciJob'; check: string; workflow?: string; publishes?: string[] }
  | { kind: 'executiveSummary'; path: string; inputs: string[]; unverifiedAllowedFor?: string[] }
  | { kind: 'workflowArtifact'; name: string; workflow?: string }
  | { kind: 'manual'; instructions: string };

export interface ControlDefinition {
  id: string;
  section: string;
  title: string;
  required?: boolean;
  evidence: Evidence;
  acceptance?: Criterion[];
  unverifiedWhen?: Criterion;
  maxAgeHours?: number;
  rationale?: string;
  remediation?: string;
  localValidation?: string[];
}

export interface SectionDefinition {
  id: string;
  title: string;
  kind?: 'gate' | 'checklist' | 'triggers';
}

export interface LocalValidationGroup {
  id: string;
  title: string;
  cwd?: string;
  commands: string[];
}

export interface ExceptionWindow {
  file: string;
  controls: string[];
  states: string[];
  runbook?: string;
}

/** A readiness playbook as data (schemas/readiness-policy.schema.json). */
export interface Policy {
  policy: string;
  version: string;
  title: string;
  source?: string;
  sections: SectionDefinition[];
  ciEvidence?: { checkRuns?: string; needsContext?: string };
  branchProtection?: { requiredChecks: string; policyDocument?: string; phrases?: string[] };
  exceptions?: ExceptionWindow;
  localValidation?: LocalValidationGroup[];
  controls: ControlDefinition[];
  /** Set by the engine, not the file: where the `artifacts/` folder of the CI run was downloaded to. */
  artifactsFolder?: string;
}

const ciArtifactsPrefix = `${ciArtifactsFolder}/`;

/** A path the CI wrote under `artifacts/` (in the policy, in summary entries), where it is in this workspace. */
export function relocatePath(policy: Policy, path: string): string {
  if (!policy.artifactsFolder || !path.startsWith(ciArtifactsPrefix)) return path;
  return `${policy.artifactsFolder.replace(/\/+$/, '')}/${path.slice(ciArtifactsPrefix.length)}`;
}

/** The policy with its artifact paths moved to another folder (readiness.artifactsFolder). */
export function withArtifactsFolder(policy: Policy, folder: string | undefined): Policy {
  const normalised = artifactsFolderOf(folder);
  if (normalised === ciArtifactsFolder) return policy;
  const moved: Policy = { ...policy, artifactsFolder: normalised };
  const move = (path: string) => relocatePath(moved, path);
  moved.ciEvidence = policy.ciEvidence && { checkRuns: policy.ciEvidence.checkRuns && move(policy.ciEvidence.checkRuns), needsContext: policy.ciEvidence.needsContext && move(policy.ciEvidence.needsContext) };
  moved.controls = policy.controls.map((control) => {
    const e = control.evidence;
    const evidence: Evidence =
      e.kind === 'report' ? { ...e, path: move(e.path) }
      : e.kind === 'executiveSummary' ? { ...e, path: move(e.path), inputs: e.inputs.map(move), unverifiedAllowedFor: e.unverifiedAllowedFor?.map(move) }
      : e.kind === 'ciJob' ? { ...e, publishes: e.publishes?.map(move) }
      : e;
    return { ...control, evidence };
  });
  return moved;
}

/** The embedded default: the reference playbook (PLAYBOOK.txt), validated by the unit tests. */
export const defaultPolicy = defaultPolicyDocument as unknown as Policy;

/** Where a workspace may keep its own policy. */
export const workspacePolicyFile = '.github/readiness-policy.json';

/** Suppressions for files that cannot carry a comment (JSON that other tools parse strictly). */
export const suppressionsFile = '.github/readiness-suppressions.json';

export function isRequired(policy: Policy, control: ControlDefinition): boolean {
  if (control.required !== undefined) return control.required;
  const section = policy.sections.find((s) => s.id === control.section);
  return (section?.kind ?? 'gate') === 'gate';
}

/** Every workspace file the policy names as evidence (patterns may contain `*`). */
export function evidencePaths(policy: Policy): string[] {
  const paths = new Set<string>();
  for (const control of policy.controls) {
    const evidence = control.evidence;
    if (evidence.kind === 'report' || evidence.kind === 'executiveSummary') paths.add(evidence.path);
    if (evidence.kind === 'executiveSummary') evidence.inputs.forEach((p) => paths.add(p));
    if (evidence.kind === 'ciJob') evidence.publishes?.forEach((p) => paths.add(p));
  }
  if (policy.ciEvidence?.checkRuns) paths.add(policy.ciEvidence.checkRuns);
  if (policy.ciEvidence?.needsContext) paths.add(policy.ciEvidence.needsContext);
  if (policy.exceptions) paths.add(policy.exceptions.file);
  if (policy.branchProtection) paths.add(policy.branchProtection.requiredChecks);
  return [...paths];
}

/** Path patterns (`*` within one segment) of every workspace file the engine may read under this policy. */
export function workspaceFilePatterns(policy: Policy, policyFile?: string): string[] {
  const patterns = new Set(['.github/workflows/*.yml', '.github/workflows/*.yaml', workspacePolicyFile, suppressionsFile]);
  for (const path of evidencePaths(policy)) {
    patterns.add(path);
    // Every report in an evidence folder is checked, named by the policy or not.
    patterns.add(`${path.slice(0, path.lastIndexOf('/') + 1)}*.json`);
  }
  if (policy.branchProtection?.policyDocument) patterns.add(policy.branchProtection.policyDocument);
  if (policyFile) patterns.add(policyFile);
  return [...patterns];
}

/** Problems a schema cannot express: references between parts of the policy. */
export function policyReferenceProblems(policy: Policy): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const sections = new Set(policy.sections.map((s) => s.id));
  const groups = new Set((policy.localValidation ?? []).map((g) => g.id));
  const seen = new Set<string>();
  policy.controls.forEach((control, index) => {
    if (seen.has(control.id)) problems.push({ path: ['controls', index, 'id'], message: `Duplicate control id "${control.id}".` });
    seen.add(control.id);
    if (!sections.has(control.section)) problems.push({ path: ['controls', index, 'section'], message: `Section "${control.section}" is not declared in sections.` });
    (control.localValidation ?? []).forEach((group, g) => {
      if (!groups.has(group)) problems.push({ path: ['controls', index, 'localValidation', g], message: `Local validation group "${group}" is not declared in localValidation.` });
    });
  });
  (policy.exceptions?.controls ?? []).forEach((id, index) => {
    if (!seen.has(id)) problems.push({ path: ['exceptions', 'controls', index], message: `Control "${id}" is not declared in controls.` });
  });
  return problems;
}

import * as core from '@actions/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planAnnotations, summaryBytesPerStep, unannotatedMarkdown } from '../core/output/annotations';
import { JsonControl, toJsonOutput } from '../core/output/json';
import { verdictLabels } from '../core/output/labels';
import { toMarkdown } from '../core/output/markdown';
import { toSarif } from '../core/output/sarif';
import type { WorkspaceResult } from '../core/types';
import { checkFolder } from '../node/checkFolder';
import { tool } from '../node/tool';
import { readGitHubContext } from './githubContext';

const failOnValues = ['no-go', 'error', 'never'] as const;
type FailOn = (typeof failOnValues)[number];

interface Inputs {
  path: string;
  policy?: string;
  artifacts?: string;
  github: boolean;
  token: string;
  failOn: FailOn;
  sarifFile: string;
}

class InputError extends Error {}

/** The action's inputs (action.yml), resolved against the workspace; a bad value is an InputError. */
function readInputs(workspace: string): Inputs {
  const failOn = core.getInput('fail-on') || 'no-go';
  if (!(failOnValues as readonly string[]).includes(failOn)) throw new InputError(`Input fail-on must be one of ${failOnValues.join(', ')}; got "${failOn}".`);
  let github: boolean;
  try {
    github = core.getInput('github') === '' ? true : core.getBooleanInput('github');
  } catch {
    throw new InputError(`Input github must be true or false; got "${core.getInput('github')}".`);
  }
  const folder = path.resolve(workspace, core.getInput('path') || '.');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new InputError(`Input path: folder "${core.getInput('path')}" does not exist in the workspace.`);
  const policy = core.getInput('policy') ? path.resolve(workspace, core.getInput('policy')) : undefined;
  if (policy && !fs.existsSync(policy)) throw new InputError(`Input policy: file "${core.getInput('policy')}" does not exist.`);
  return {
    path: folder,
    policy,
    artifacts: core.getInput('artifacts') || undefined,
    github,
    token: core.getInput('token'),
    failOn: failOn as FailOn,
    sarifFile: path.resolve(workspace, core.getInput('sarif-file') || 'readiness.sarif'),
  };
}

/** The required controls that keep the verdict from Go (waived ones do not). */
function failingControls(result: WorkspaceResult): JsonControl[] {
  const failing = new Set(result.controls.filter((c) => c.required && c.state !== 'passed' && c.state !== 'waived').map((c) => c.id));
  return toJsonOutput(result).controls.filter((c) => failing.has(c.id));
}

/** Why the step fails under fail-on, or undefined when it passes. */
function failureOf(result: WorkspaceResult, failOn: FailOn, failing: JsonControl[]): string | undefined {
  if (failOn === 'never') return undefined;
  if (result.verdict === 'no-go') return `Release readiness: No-Go. ${failing.length} required control${failing.length === 1 ? '' : 's'} not passed: ${failing.map((c) => c.id).join(', ')}.`;
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  if (failOn === 'error' && errors > 0) return `Release readiness: ${verdictLabels[result.verdict]}, but ${errors} error finding${errors === 1 ? '' : 's'} (fail-on: error).`;
  return undefined;
}

/** The result with its files relative to the repository root, where annotations and code scanning place them. */
function relativeToRepository(result: WorkspaceResult, folder: string, workspace: string): WorkspaceResult {
  const prefix = path.relative(workspace, folder).split(path.sep).join('/');
  if (!prefix) return result;
  const moved = (file: string) => `${prefix}/${file}`;
  return {
    ...result,
    controls: result.controls.map((c) => ({ ...c, ...(c.file ? { file: moved(c.file) } : {}), failing: c.failing.map((item) => ({ ...item, file: moved(item.file) })) })),
    findings: result.findings.map((f) => ({ ...f, file: moved(f.file), ...(f.related ? { related: f.related.map((r) => ({ ...r, file: moved(r.file) })) } : {}) })),
  };
}

/**
 * The action: the verdict of the workspace folder as outputs, the evidence block and the findings past GitHub's
 * annotation caps in the job summary, errors and warnings as annotations, and SARIF for code scanning.
 */
export async function runAction(): Promise<void> {
  try {
    const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
    const inputs = readInputs(workspace);
    const context = readGitHubContext(process.env);
    const pullRequestBase = context.pullRequest && { ref: context.pullRequest.baseRef, sha: context.pullRequest.baseSha };
    const github = inputs.github ? { overrides: { apiUrl: context.apiUrl, repo: context.repository, branch: context.branch, sha: context.sha }, token: inputs.token || undefined, ...(pullRequestBase ? { pullRequestBase } : {}) } : undefined;
    core.info(github ? `Reading what GitHub knows for ${context.repository ?? 'the repository'} at ${context.sha ?? 'HEAD'}.` : 'Live GitHub reads are off (github: false); the verdict comes from the files in the workspace.');
    const checked = await checkFolder(inputs.path, { policy: inputs.policy, artifacts: inputs.artifacts, headSha: context.sha, ...(github ? { github } : {}), log: (message) => core.debug(message) });
    for (const error of checked.githubErrors) core.warning(`GitHub: ${error}`, { title: 'release-readiness' });
    const result = relativeToRepository(checked.result, inputs.path, workspace);

    fs.mkdirSync(path.dirname(inputs.sarifFile), { recursive: true });
    fs.writeFileSync(inputs.sarifFile, `${JSON.stringify(toSarif(result, tool), null, 2)}\n`);

    const failing = failingControls(result);
    const failure = failureOf(result, inputs.failOn, failing);
    const plan = planAnnotations(result.findings, failure ? 1 : 0);
    for (const annotation of plan.annotations) core[annotation.kind](annotation.message, annotation.properties);
    if (plan.unannotated.length > 0) core.notice(`${plan.unannotated.length} more finding${plan.unannotated.length === 1 ? ' is' : 's are'} listed in the job summary and in ${path.relative(workspace, inputs.sarifFile)}.`, { title: 'release-readiness' });

    const evidence = toMarkdown(result, { headSha: checked.snapshot.headSha });
    const sarifName = path.relative(workspace, inputs.sarifFile).split(path.sep).join('/');
    const rest = unannotatedMarkdown(plan.unannotated, tool, sarifName, summaryBytesPerStep - new TextEncoder().encode(evidence).length - 1);
    await core.summary.addRaw(rest ? `${evidence}\n${rest}` : evidence).write();

    core.setOutput('verdict', result.verdict);
    core.setOutput('sarif-file', inputs.sarifFile);
    core.setOutput('failing-controls', JSON.stringify(failing));
    if (failure) core.setFailed(failure);
  } catch (error) {
    core.setFailed(error instanceof InputError ? error.message : `Release readiness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

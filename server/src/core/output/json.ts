import type { ControlState, Finding, LiveSummary, PlaybookMode, Severity, SuppressedFinding, Verdict, WorkspaceResult } from '../types';

export interface JsonControl {
  id: string;
  section: string;
  title: string;
  state: ControlState;
  reason: string;
  file?: string;
  line?: number;
  /** Where the evidence came from, with --github: `local` or the live source. */
  source?: string;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

/** The CLI's `--format json` object: lines and columns 1-based. */
export interface JsonOutput {
  verdict: Verdict;
  mode: PlaybookMode;
  policy: { id: string; version: string };
  controls: JsonControl[];
  diagnostics: JsonDiagnostic[];
  /** Findings accepted by a suppression, with its reason; not diagnostics. */
  suppressed: (JsonDiagnostic & { suppression: { reason: string; approved_by?: string; until?: string; file: string; line: number } })[];
  /** With --github: the repository, branch and commit asked about, what was read, and what failed. */
  github?: LiveSummary;
}

export function toJsonOutput(result: WorkspaceResult): JsonOutput {
  return {
    verdict: result.verdict,
    mode: result.mode,
    policy: { id: result.policy.id, version: result.policy.version },
    controls: result.controls.map((c) => ({
      id: c.id,
      section: c.section,
      title: c.title,
      state: c.state,
      reason: c.reason,
      ...(c.file ? { file: c.file } : {}),
      ...(c.file && c.range ? { line: c.range.start.line + 1 } : {}),
      ...(c.source ? { source: c.source } : {}),
    })),
    diagnostics: result.findings.map(toJsonDiagnostic),
    suppressed: result.suppressed.map((f) => ({ ...toJsonDiagnostic(f), suppression: toJsonSuppression(f) })),
    ...(result.live ? { github: result.live } : {}),
  };
}

function toJsonSuppression({ suppression: s }: SuppressedFinding) {
  return { reason: s.reason, ...(s.approvedBy ? { approved_by: s.approvedBy } : {}), ...(s.until ? { until: s.until } : {}), file: s.file, line: s.range.start.line + 1 };
}

/** How a suppressed finding reads in text and Markdown: its reason, who approved it, until when. */
export function suppressionNote({ suppression: s }: SuppressedFinding): string {
  return `suppressed: ${s.reason}${s.approvedBy ? ` (approved by ${s.approvedBy})` : ''}${s.until ? ` until ${s.until}` : ''}`;
}

export function toJsonDiagnostic(f: Finding): JsonDiagnostic {
  return {
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  };
}

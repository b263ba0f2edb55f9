import type { Log, ReportingDescriptor, Result } from 'sarif';
import { internalErrorRule, rules } from '../rules/index';
import type { Finding, Range, Severity, SuppressedFinding, WorkspaceResult } from '../types';
import { findingFingerprints } from './fingerprint';
import { verdictLabels } from './labels';

const levels: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifTool {
  name: string;
  version: string;
  /** The project's home; rule pages are under `<home>/blob/main/docs/rules/`. */
  informationUri: string;
}

/** The page that documents a rule, as code scanning links it from an alert. */
export function ruleHelpUri(tool: SarifTool, rule: string): string {
  return `${tool.informationUri}/blob/main/docs/rules/${rule}.md`;
}

/**
 * SARIF 2.1.0 for code scanning: one reporting descriptor per rule id with its help page, locations relative
 * to the folder, and per result a `primaryLocationLineHash` (the one fingerprint code scanning reads) that does
 * not move with the line.
 */
export function toSarif(result: WorkspaceResult, tool: SarifTool): Log {
  const described: { id: string; description: string; defaultSeverity: Severity }[] = [
    ...rules,
    { id: internalErrorRule, description: 'A rule failed on a file; the other rules still ran.', defaultSeverity: 'error' },
  ];
  const descriptors: ReportingDescriptor[] = described.map((rule) => {
    const helpUri = ruleHelpUri(tool, rule.id);
    return {
      id: rule.id,
      shortDescription: { text: rule.description },
      fullDescription: { text: rule.description },
      help: { text: `${rule.description} See ${helpUri}`, markdown: `${rule.description}\n\n[Rule documentation: ${rule.id}](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: levels[rule.defaultSeverity] },
    };
  });
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  // Suppressed findings stay in the log, marked, so code scanning closes their alerts as accepted.
  const reported: (Finding | SuppressedFinding)[] = [...result.findings, ...result.suppressed];
  const fingerprints = findingFingerprints(reported);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: tool.informationUri, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The checked workspace folder.' } } },
        properties: { verdict: result.verdict, verdictLabel: verdictLabels[result.verdict], mode: result.mode, policy: result.policy },
        results: reported.map(
          (finding: Finding | SuppressedFinding, i): Result => ({
            ruleId: finding.rule,
            ruleIndex: index.get(finding.rule),
            level: levels[finding.severity],
            message: { text: finding.message },
            locations: [location(finding.file, finding.range)],
            partialFingerprints: { primaryLocationLineHash: fingerprints[i] },
            ...(finding.related?.length ? { relatedLocations: relatedLocations(finding) } : {}),
            ...('suppression' in finding
              ? {
                  suppressions: [
                    {
                      kind: finding.suppression.file.endsWith('.json') ? ('external' as const) : ('inSource' as const),
                      status: 'accepted' as const,
                      justification: finding.suppression.reason,
                      location: { physicalLocation: { artifactLocation: { uri: finding.suppression.file, uriBaseId: '%SRCROOT%' }, region: { startLine: finding.suppression.range.start.line + 1 } } },
                      ...(finding.suppression.approvedBy || finding.suppression.until ? { properties: { approvedBy: finding.suppression.approvedBy, until: finding.suppression.until } } : {}),
                    },
                  ],
                }
              : {}),
          }),
        ),
      },
    ],
  };
}

function relatedLocations(finding: Finding) {
  return finding.related!.map((related, id) => ({ id, ...location(related.file, related.range), message: { text: related.message } }));
}

function location(file: string, range: Range) {
  return {
    physicalLocation: {
      artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}

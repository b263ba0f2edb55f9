import type { Log, ReportingDescriptor, Result } from 'sarif';
import { internalErrorRule, rules } from '../rules/index';
import type { Finding, Severity, SuppressedFinding, WorkspaceResult } from '../types';
import { verdictLabels } from './labels';

const levels: Record<Severity, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0 for code scanning: one reporting descriptor per rule id, locations relative to the folder. */
export function toSarif(result: WorkspaceResult, tool: { name: string; version: string }): Log {
  const descriptors: ReportingDescriptor[] = [
    ...rules.map((rule) => ({ id: rule.id, shortDescription: { text: rule.description }, defaultConfiguration: { level: levels[rule.defaultSeverity] } })),
    { id: internalErrorRule, shortDescription: { text: 'A rule failed on a file; the other rules still ran.' }, defaultConfiguration: { level: 'error' as const } },
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: 'https://example.invalid/release-readiness', rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The checked workspace folder.' } } },
        properties: { verdict: result.verdict, verdictLabel: verdictLabels[result.verdict], policy: result.policy },
        results: [...result.findings, ...result.suppressed].map(
          (finding: Finding | SuppressedFinding): Result => ({
            ruleId: finding.rule,
            ruleIndex: index.get(finding.rule),
            level: levels[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
                  region: {
                    startLine: finding.range.start.line + 1,
                    startColumn: finding.range.start.character + 1,
                    endLine: finding.range.end.line + 1,
                    endColumn: finding.range.end.character + 1,
                  },
                },
              },
            ],
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

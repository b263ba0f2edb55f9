import { verdictLabels } from '../core/output/labels';
import type { ScanRecord } from './github/scan';

/** The summary table of a scan, as cells of text, rendered to Markdown or HTML alike. */
interface Summary {
  title: string;
  totals: string;
  header: string[];
  rows: string[][];
  /** Each required-check finding: its repository, location, rule and message. */
  findings: { repo: string; location: string; rule: string; message: string }[];
}

const skipLabels = { archived: 'archived', 'no-access': 'no access', empty: 'empty' } as const;

function statusOf(record: ScanRecord): string {
  if (record.outcome === 'skipped') return `skipped: ${skipLabels[record.reason]}`;
  if (record.outcome === 'failed') return 'failed';
  return record.mode === 'not-adopted' ? 'not adopted' : verdictLabels[record.verdict];
}

/** Of records of one repository each (see mergeScanRecords), in the order given. */
function summarise(records: ScanRecord[]): Summary {
  const tally = new Map<string, number>();
  for (const record of records) tally.set(statusOf(record), (tally.get(statusOf(record)) ?? 0) + 1);
  const rows = records.map((record) =>
    record.outcome === 'checked'
      ? [record.repo, statusOf(record), String(record.counts.error), String(record.counts.warning), String(record.requiredCheckFindings.length), '']
      : [record.repo, statusOf(record), '', '', '', record.detail ?? ''],
  );
  return {
    title: `Release readiness of ${records.length} repositor${records.length === 1 ? 'y' : 'ies'}`,
    totals: [...tally].map(([status, n]) => `${n} ${status}`).join(', '),
    header: ['repository', 'verdict', 'errors', 'warnings', 'required-check findings', 'detail'],
    rows,
    findings: records.flatMap((record) =>
      record.outcome === 'checked' ? record.requiredCheckFindings.map((f) => ({ repo: record.repo, location: `${f.file}:${f.line}:${f.column}`, rule: f.rule, message: f.message })) : [],
    ),
  };
}

const markdownCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A Markdown summary for a job summary or an issue: the totals, one row per repository, then the required-check findings. */
export function scanSummaryMarkdown(records: ScanRecord[]): string {
  const summary = summarise(records);
  const out = [`## ${summary.title}`, '', `${summary.totals || 'Nothing scanned'}.`, ''];
  out.push(`| ${summary.header.join(' | ')} |`, '|---|---|---:|---:|---:|---|');
  for (const row of summary.rows) out.push(`| ${row.map(markdownCell).join(' | ')} |`);
  if (summary.findings.length > 0) {
    out.push('', '### Required-check findings', '');
    for (const f of summary.findings) out.push(`- ${f.repo} \`${f.location}\` \`${f.rule}\` ${markdownCell(f.message)}`);
  }
  return `${out.join('\n')}\n`;
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The same summary as one HTML page. */
export function scanSummaryHtml(records: ScanRecord[]): string {
  const summary = summarise(records);
  const numeric = new Set([2, 3, 4]);
  const cell = (tag: string, text: string, column: number) => `<${tag}${numeric.has(column) ? ' class="n"' : ''}>${html(text)}</${tag}>`;
  const out = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${html(summary.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}.n{text-align:right}code{font-size:.9em}</style>',
    '</head>',
    '<body>',
    `<h1>${html(summary.title)}</h1>`,
    `<p>${html(summary.totals || 'Nothing scanned')}.</p>`,
    '<table>',
    `<thead><tr>${summary.header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    '<tbody>',
    ...summary.rows.map((row) => `<tr>${row.map((text, i) => cell('td', text, i)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ];
  if (summary.findings.length > 0) {
    out.push('<h2>Required-check findings</h2>', '<ul>');
    for (const f of summary.findings) out.push(`<li>${html(f.repo)} <code>${html(f.location)}</code> <code>${html(f.rule)}</code> ${html(f.message)}</li>`);
    out.push('</ul>');
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

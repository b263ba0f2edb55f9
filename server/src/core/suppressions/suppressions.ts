import { getLocation } from 'jsonc-parser';
import { Lexer } from 'yaml';
import type { JsonPath } from '../parse/jsonDocument';
import type { YamlDocument } from '../parse/yamlDocument';
import { validateAgainstSchema } from '../schemas/registry';
import type { Finding, Range, SuppressedFinding } from '../types';
import type { WorkspaceModel } from '../workspace';
import { suppressionsFile } from '../policy/policy';

export { suppressionsFile };

/** Findings of these rules are about suppressions themselves: they cannot be suppressed. */
export const suppressionRules: ReadonlySet<string> = new Set(['suppression-record', 'suppression-expired', 'suppression-unused']);

/** One suppression, from a `# readiness-ignore` comment or a record of the suppressions file. */
export interface Suppression {
  rules: string[];
  reason?: string;
  approvedBy?: string;
  /** YYYY-MM-DD (the whole day, UTC) or an ISO 8601 instant. */
  until?: string;
  /** Where it is written. */
  file: string;
  range: Range;
  /** The findings it covers: in one file; at one of `lines`, inside `pointer`, about `check` when given. */
  target: { file: string; lines?: number[]; pointer?: JsonPath; check?: string };
  /** What makes it grant nothing (besides its expiry). */
  problems: string[];
}

const comment = /^#\s*readiness-ignore\b(.*)$/;
const ruleId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const date = /^\d{4}-\d{2}-\d{2}$/;

/** Tokens of yaml's lexer that mark structure without standing for any source text. */
const markers = new Set(['\x02', '\x18', '\x1f']);

/** Comments of a YAML text with their offsets, from the lexer's tokens: a `#` inside a string or a script is not one. */
function comments(text: string): { offset: number; source: string }[] {
  const found: { offset: number; source: string }[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (markers.has(token)) continue;
    if (token.startsWith('#')) found.push({ offset, source: token });
    offset += token.length;
  }
  return found;
}

/** `# readiness-ignore RULE[,RULE] -- reason [until YYYY-MM-DD]`, covering its own line and the next. */
function commentSuppressions(doc: YamlDocument): Suppression[] {
  const found: Suppression[] = [];
  if (!doc.text.includes('readiness-ignore')) return found;
  for (const { offset, source } of comments(doc.text)) {
    const match = comment.exec(source);
    if (!match) continue;
    const [rulesPart, ...reasonParts] = match[1].split(/\s--(?:\s|$)/);
    const rules = rulesPart.split(',').map((r) => r.trim()).filter(Boolean);
    const reasonText = reasonParts.join(' -- ').trim();
    const untilMatch = /^(.*?)\s*\buntil\s+(\S+)$/.exec(reasonText);
    const reason = (untilMatch ? untilMatch[1] : reasonText).trim() || undefined;
    const until = untilMatch?.[2];
    const problems: string[] = [];
    if (rules.length === 0 || rules.some((r) => !ruleId.test(r))) problems.push('name the rule ids it suppresses, separated by commas');
    if (!reason) problems.push('give a reason after " -- "');
    if (until !== undefined && !validDate(until)) problems.push(`"until ${until}" is not a date (YYYY-MM-DD)`);
    const range = doc.lines.range(offset, offset + source.length);
    found.push({ rules, reason, until, file: doc.file, range, target: { file: doc.file, lines: [range.start.line, range.start.line + 1] }, problems });
  }
  return found;
}

function validDate(value: string): boolean {
  return date.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

function pointerPath(pointer: string): JsonPath {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The records of .github/readiness-suppressions.json; a record the schema refuses grants nothing. */
function fileSuppressions(model: WorkspaceModel): Suppression[] {
  const doc = model.json(suppressionsFile);
  if (!doc?.isValid) return [];
  const records = doc.valueAt(['suppressions']);
  if (!Array.isArray(records)) return [];
  const problems = validateAgainstSchema('readiness-suppressions', doc.value);
  return records.map((raw, index) => {
    const record = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
    const own = problems.filter((p) => p.pointer === `/suppressions/${index}` || p.pointer.startsWith(`/suppressions/${index}/`));
    const expiresAt = text('expires_at');
    return {
      rules: text('rule') ? [text('rule')!] : [],
      reason: text('reason')?.trim() || undefined,
      approvedBy: text('approved_by')?.trim() || undefined,
      until: expiresAt,
      file: suppressionsFile,
      range: doc.rangeNear(['suppressions', index]),
      target: { file: text('file') ?? '', pointer: text('pointer') !== undefined ? pointerPath(text('pointer')!) : undefined, check: text('check') },
      problems: [...own.map((p) => p.message), ...(expiresAt && !Number.isNaN(Date.parse(expiresAt)) ? [] : expiresAt ? [`expires_at "${expiresAt}" is not a date`] : [])],
    };
  });
}

/** Every suppression of the workspace: comments in the workflow files, records of the suppressions file. */
export function readSuppressions(model: WorkspaceModel, yamlFiles: readonly string[]): Suppression[] {
  // Kept per file: every workflow edit asks again of every workflow, whose parses are not all kept.
  const inComments = yamlFiles.flatMap((file) =>
    model.derived('comment-suppressions', file, () => {
      const doc = model.yaml(file);
      return doc ? commentSuppressions(doc) : [];
    }),
  );
  return [...inComments, ...model.derived('file-suppressions', suppressionsFile, () => fileSuppressions(model))];
}

/** Past its last day (a date covers the whole day, UTC) or instant. */
export function isExpired(suppression: Suppression, now: Date): boolean {
  if (suppression.until === undefined) return false;
  const end = date.test(suppression.until) ? Date.parse(`${suppression.until}T00:00:00Z`) + 24 * 60 * 60 * 1000 : Date.parse(suppression.until);
  return !Number.isNaN(end) && now.getTime() >= end;
}

function covers(suppression: Suppression, finding: Finding, model: WorkspaceModel): boolean {
  const { target } = suppression;
  if (!suppression.rules.includes(finding.rule) || target.file !== finding.file) return false;
  if (target.lines && !target.lines.includes(finding.range.start.line)) return false;
  if (target.check !== undefined && finding.check !== target.check) return false;
  if (target.pointer) {
    const doc = model.json(finding.file);
    if (!doc) return false;
    const path = getLocation(doc.text, doc.lines.offsetAt(finding.range.start)).path;
    if (target.pointer.some((segment, i) => String(path[i]) !== segment)) return false;
  }
  return true;
}

/**
 * Splits findings into those still reported and those a suppression accepts. Only a suppression with a
 * reason, no problem and not expired accepts anything; `used` says which accepted at least one finding.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], model: WorkspaceModel): { active: Finding[]; suppressed: SuppressedFinding[]; used: Set<Suppression> } {
  const valid = suppressions.filter((s) => s.problems.length === 0 && s.reason !== undefined && !isExpired(s, model.now));
  const active: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  for (const finding of findings) {
    const by = suppressionRules.has(finding.rule) ? undefined : valid.find((s) => covers(s, finding, model));
    if (!by) {
      active.push(finding);
      continue;
    }
    used.add(by);
    suppressed.push({ ...finding, suppression: { reason: by.reason!, ...(by.approvedBy ? { approvedBy: by.approvedBy } : {}), ...(by.until ? { until: by.until } : {}), file: by.file, range: by.range } });
  }
  return { active, suppressed, used };
}

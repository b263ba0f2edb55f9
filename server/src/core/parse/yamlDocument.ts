import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, Node, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { changedRange } from '../text/changedRange';
import { LineIndex } from '../text/lineIndex';
import type { Range } from '../types';
import type { SyntaxProblem } from './jsonDocument';
import { maxNestingDepth, mayNestPast, tooDeepAt as tooDeepFlowAt } from './nesting';

/** Real workflows use a handful of aliases; far more means a file built to exhaust memory. */
const maxAliasCount = 100;

const parseOptions = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

/** The offset of the first flow collection nested past the limit. YAML has single quotes too; they are blanked out first. */
const tooDeepAt = (text: string) => mayNestPast(text) ? tooDeepFlowAt(text.replace(/'[^'\n]*'/g, (quoted) => ' '.repeat(quoted.length))) : undefined;

/** A YAML file parsed once, with ranges. Duplicate keys are errors, as GitHub treats them. */
export class YamlDocument {
  readonly lines: LineIndex;
  readonly document: Document.Parsed;
  readonly syntaxErrors: SyntaxProblem[];
  /** Whether the document has no alias (`*name`): known once asked, and true of every spliced document. */
  private aliasFree?: boolean;

  /**
   * `spliced`: the document `afterEdit` made of the previous one, valid and without aliases; `edited`: the
   * offsets of this text the edit wrote, from..to (the nodes outside them are the previous document's, moved).
   */
  constructor(
    readonly file: string,
    readonly text: string,
    spliced?: Document.Parsed,
    readonly edited?: { from: number; to: number },
  ) {
    this.lines = new LineIndex(text);
    if (spliced) {
      this.document = spliced;
      this.syntaxErrors = [];
      this.aliasFree = true;
      return;
    }
    const tooDeep = tooDeepAt(text);
    this.document = parseDocument(tooDeep === undefined ? text : '', parseOptions);
    if (tooDeep !== undefined) {
      this.syntaxErrors = [{ message: `Not validated: nested deeper than ${maxNestingDepth} levels.`, range: this.lines.range(tooDeep, tooDeep + 1) }];
      return;
    }
    this.syntaxErrors = this.document.errors.map((error) => ({
      message: `Invalid YAML: ${firstLine(error.message)}`,
      range: this.lines.range(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
    }));
    // An alias needs an anchor (`&name`): without one there is nothing to expand.
    if (this.syntaxErrors.length === 0 && text.includes('*') && /&[^\s&]/.test(text)) {
      try {
        // Aliases are expanded once here, bounded: a "billion laughs" file is refused, not expanded. The
        // value is not kept; as Maps, keys that are collections need no stringifying (nor a warning).
        this.document.toJS({ maxAliasCount: maxAliasCount, mapAsMap: true });
      } catch (error) {
        const anchor = text.indexOf('&');
        this.syntaxErrors = [{ message: `Not validated: ${error instanceof Error ? firstLine(error.message) : 'aliases cannot be expanded.'} (more than ${maxAliasCount} alias expansions).`, range: this.lines.range(Math.max(anchor, 0), Math.max(anchor, 0) + 1) }];
      }
    }
  }

  /**
   * The parse of `text`, an edit of `previous`'s text within the lines of one job of `jobs:` (of the last
   * job only when nothing follows `jobs:`), made by parsing that job's lines alone and putting the result in
   * place of the job in previous's document, whose later nodes move by the change in length: a keystroke
   * in a 300-job workflow costs the parse of one job. The job's lines are parsed followed by a key at
   * their indentation, as they are in the file, so they parse as they would there. Undefined (parse the
   * whole text) when the edit reaches beyond the job, when either text has an error or an alias, or when
   * the new lines are not one job at the same indentation whose name no other job has.
   *
   * `previous` is used up: its document is the result's now (the parse cache replaces it).
   */
  static afterEdit(previous: YamlDocument, text: string): YamlDocument | undefined {
    const before = previous.text;
    const document = previous.document;
    const root = document.contents;
    if (previous.syntaxErrors.length > 0 || !isMap(root) || root.flow || !previous.isAliasFree()) return undefined;
    const jobsAt = root.items.findIndex((item) => isScalar(item.key) && item.key.value === 'jobs');
    const jobs = root.items[jobsAt]?.value;
    if (!isMap(jobs) || jobs.flow) return undefined;
    const { start, end } = changedRange(before, text);
    const delta = text.length - before.length;
    const edited = { from: start, to: end + delta };
    if (spliceScalar(document, before, text, start, end, delta)) return new YamlDocument(previous.file, text, document, edited);
    const index = lastJobStartingBy(jobs, before, start);
    if (index === undefined) return undefined;
    const job = jobs.items[index];
    const keyAt = (job.key as Node).range![0];
    const blockStart = before.lastIndexOf('\n', keyAt - 1) + 1;
    const indent = keyAt - blockStart;
    if (indent === 0 || !/^ *$/.test(before.slice(blockStart, keyAt))) return undefined;
    const last = index === jobs.items.length - 1;
    const next = last ? undefined : (jobs.items[index + 1].key as Node | null)?.range?.[0];
    if (!last && next === undefined) return undefined;
    // The job's lines end where the next job's line starts; the last job's, at the end of the file.
    const blockEnd = next === undefined ? before.length : before.lastIndexOf('\n', next - 1) + 1;
    if (last && jobsAt !== root.items.length - 1) return undefined;
    if (end > (last ? blockEnd : blockEnd - 1)) return undefined;
    const lines = text.slice(blockStart, blockEnd + delta);
    if (!oneJobAt(lines, indent) || tooDeepAt(lines) !== undefined) return undefined;
    const sentinel = `${' '.repeat(indent)}${endKey}:\n`;
    const part = parseDocument(last ? lines : lines + sentinel, parseOptions);
    const parsed = part.contents;
    if (part.errors.length > 0 || !isMap(parsed) || parsed.flow || parsed.items.length !== (last ? 1 : 2)) return undefined;
    const replacement = parsed.items[0];
    // An empty key is placed after what precedes it, which the lines alone do not have.
    const key = replacement.key;
    if (!isScalar(key) || key.range?.[0] !== indent || key.range[1] === key.range[0] || (lines.includes('*') && hasAlias(replacement))) return undefined;
    const name = key.value;
    if (jobs.items.some((other, i) => i !== index && isScalar(other.key) && other.key.value === name)) return undefined;
    move(replacement, blockStart);
    jobs.items[index] = replacement;
    if (last) {
      // What ends with the last job ends where the new lines' parse ends.
      const ends = (range: [number, number, number], parsed: [number, number, number] | null | undefined) => {
        range[1] = blockStart + parsed![1];
        range[2] = blockStart + parsed![2];
      };
      ends(jobs.range!, parsed.range);
      // The map of the file ends where its last value, the map of jobs, ends with its comments.
      root.range![1] = root.range![2] = jobs.range![2];
      ends(document.range, part.range);
    } else {
      for (let i = index + 1; i < jobs.items.length; i++) move(jobs.items[i], delta);
      for (let i = jobsAt + 1; i < root.items.length; i++) move(root.items[i], delta);
      for (const range of [jobs.range!, root.range!, document.range]) {
        range[1] += delta;
        range[2] += delta;
      }
    }
    return new YamlDocument(previous.file, text, document, edited);
  }

  private isAliasFree(): boolean {
    return (this.aliasFree ??= !this.text.includes('*') || !hasAlias(this.document.contents));
  }

  rangeOf(node: unknown): Range | undefined {
    if (!isNode(node) || !(node as Node).range) return undefined;
    const [start, valueEnd] = (node as Node).range!;
    return this.lines.range(start, valueEnd);
  }

}

/** The key the lines of a job are parsed before, so that they end as they do before the next job. */
const endKey = 'end-of-edited-job';

/** The last job whose line starts at or before `offset`, if `offset` is past the first job's line start. */
function lastJobStartingBy(jobs: YAMLMap, text: string, offset: number): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < jobs.items.length; i++) {
    const keyAt = (jobs.items[i].key as Node | null)?.range?.[0];
    if (keyAt === undefined) return undefined;
    if (text.lastIndexOf('\n', keyAt - 1) + 1 > offset) break;
    found = i;
  }
  return found;
}

/**
 * Whether `lines` are one job at `indent`: the first line is its key there, every other line is blank, a
 * comment, or indented further (anything else would end the job, or the map of jobs, in the file).
 */
function oneJobAt(lines: string, indent: number): boolean {
  const rows = lines.split('\n');
  if (!rows[0].startsWith(' '.repeat(indent)) || /^[\s#]/.test(rows[0].slice(indent))) return false;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const content = row.search(/[^ ]/);
    if (content === -1 || /^[\t\r]*$/.test(row.slice(content)) || row[content] === '#') continue;
    if (content <= indent) return false;
  }
  return true;
}

/**
 * Puts in place the edit of before[start, end) when it lies within one single-line plain scalar that is a
 * value of block collections (a name, an `if:`, a `runs-on:`, a line of a list) and leaves it one: that
 * scalar alone is parsed (a plain scalar's value depends on its text alone) and replaces the old one, and
 * the nodes after the edit move by `delta`. False, with the document untouched, for anything else.
 */
function spliceScalar(document: Document.Parsed, before: string, text: string, start: number, end: number, delta: number): boolean {
  // A %YAML directive could change how plain scalars resolve.
  if (before.startsWith('%') || before.includes('\n%')) return false;
  const found = plainValueAround(document.contents, start, end);
  if (!found) return false;
  const { scalar, replace } = found;
  const [from, valueEnd, nodeEnd] = scalar.range!;
  const source = text.slice(from, valueEnd + delta);
  if (source.includes('\n') || source.includes('\r')) return false;
  const part = parseDocument(source, parseOptions);
  const parsed = part.contents;
  // Still one plain scalar, from its first character to its last: no indicator, comment, key or blank at either end was typed.
  if (part.errors.length > 0 || !isScalar(parsed) || parsed.type !== 'PLAIN' || parsed.range?.[0] !== 0 || parsed.range[1] !== source.length || parsed.comment) return false;
  shiftFrom(document.contents, end, delta);
  document.range[1] += delta;
  document.range[2] += delta;
  // Its comments are not carried over: nothing reads them from the document (suppressions are found in the text).
  parsed.range = [from, valueEnd + delta, nodeEnd + delta];
  replace(parsed);
  return true;
}

/** The plain, untagged, single-line scalar value of block collections whose text holds [start, end), with how to put another in its place. */
function plainValueAround(node: unknown, start: number, end: number): { scalar: Scalar; replace: (next: Scalar) => void } | undefined {
  let current = node;
  for (;;) {
    if (!(isMap(current) || isSeq(current)) || current.flow) return undefined;
    const collection: YAMLMap | YAMLSeq = current;
    let found: { value: unknown; replace: (next: Scalar) => void } | undefined;
    collection.items.forEach((item: unknown, i: number) => {
      const value = isPair(item) ? item.value : item;
      const range = isNode(value) ? (value as Node).range : undefined;
      if (!range || range[0] > start || range[2] < end) return;
      found = { value, replace: isPair(item) ? (next) => void (item.value = next) : (next) => void (collection.items[i] = next) };
    });
    if (!found) return undefined;
    const { value, replace } = found;
    if (isScalar(value)) {
      const [from, valueEnd] = value.range!;
      const plain = value.type === 'PLAIN' && value.tag === undefined && value.anchor === undefined && valueEnd > from && end <= valueEnd;
      return plain ? { scalar: value, replace } : undefined;
    }
    current = value;
  }
}

/** Moves every offset at or after `at` in the document by `delta`: nodes after an edit, and the ends of those around it. */
function shiftFrom(node: unknown, at: number, delta: number): void {
  if (isPair(node)) {
    shiftFrom(node.key, at, delta);
    shiftFrom(node.value, at, delta);
    return;
  }
  if (!isNode(node)) return;
  const range = (node as Node).range;
  if (range) {
    if (range[2] < at) return;
    for (let i = 0; i < 3; i++) if (range[i] >= at) range[i] += delta;
  }
  if (isMap(node) || isSeq(node)) for (const item of node.items) shiftFrom(item, at, delta);
}

/** Moves every node of a subtree by `delta` characters (a plain walk: yaml's `visit` takes 1.3 ms over a 170 KB workflow, this 0.26 ms). */
function move(node: unknown, delta: number): void {
  if (isPair(node)) {
    move(node.key, delta);
    move(node.value, delta);
    return;
  }
  if (!isNode(node)) return;
  const range = (node as Node).range;
  if (range) {
    range[0] += delta;
    range[1] += delta;
    range[2] += delta;
  }
  if (isMap(node) || isSeq(node)) for (const item of node.items) move(item, delta);
}

function hasAlias(node: unknown): boolean {
  if (isPair(node)) return hasAlias(node.key) || hasAlias(node.value);
  if (isAlias(node)) return true;
  return (isMap(node) || isSeq(node)) && node.items.some((item: unknown) => hasAlias(item));
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.endsWith('.') ? line : `${line}.`;
}

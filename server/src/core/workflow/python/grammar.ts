/**
 * Layer 2 of the Python check: the Lezer Python grammar, run on a view of the source it cannot misread, with
 * its known false alarms on valid Python forgiven.
 */
import { parser } from '@lezer/python';
import { isNewlineChar, LogicalLine, scanSource, ScanResult } from './tokenizer';

export type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree['topNode'];

export const COMPREHENSIONS = new Set([
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression',
]);

/**
 * What Lezer is given: the source without its blank and comment-only lines
 * between statements (after a few hundred of those, Lezer's guard against
 * overly deep left-recursive trees fires and reports a bogus error), without
 * the text inside string literals and the literal text of f-strings (so that
 * snippets that differ only in their strings, a report's path or a title, are
 * one text to the grammar, judged once), with
 * `1.` floats written `1 ` (Lezer reads `1. if x else y` as an attribute
 * access of `1`) and with `\n` line breaks only. None of this changes the
 * verdict of Python's grammar; the indentation rules are checked on the
 * source itself.
 */
interface LezerView {
  readonly text: string;
  toSource(pos: number): number;
}

export function lezerView(source: string, scan: ScanResult): LezerView {
  // The characters written otherwise in the view, by offset (a few per snippet, if any).
  const replaced = new Map<number, string>();
  const at = (k: number): string => replaced.get(k) ?? source[k];
  for (const dot of scan.floatDots) replaced.set(dot, ' ');
  for (const backslash of scan.fstringBraceBackslashes) replaced.set(backslash, ' ');
  // Lezer's recovery trips over the empty argument list of a class pattern (`case (str(), "a"):`); a name
  // stands in the same places (inside a string or a comment of the line the change is harmless).
  for (const line of scan.logicalLines) {
    if (line.first[0] !== 'case') continue;
    for (let k = line.pos + 5; k + 1 < line.lastEnd; k++) {
      if (at(k) === '(' && at(k + 1) === ')' && /[A-Za-z0-9_]/.test(at(k - 1))) {
        replaced.set(k, '_');
        replaced.set(k + 1, '_');
      }
    }
  }
  // `\r\n` and `\r` line breaks become `\n` (Lezer trips over long CRLF texts)
  for (let k = source.indexOf('\r'); k !== -1; k = source.indexOf('\r', k + 1)) {
    if (source[k + 1] !== '\n') replaced.set(k, '\n');
    else if (at(k - 1) === '\\') {
      replaced.set(k - 1, ' ');
      replaced.set(k, '\\');
    } else replaced.set(k, ' ');
  }
  const offsets = [...replaced.keys()].sort((a, b) => a - b);
  let next = 0;
  /** The source from `from` to `to` as the view writes it (ranges come in increasing order). */
  const written = (from: number, to: number): string => {
    while (next < offsets.length && offsets[next] < from) next++;
    if (next === offsets.length || offsets[next] >= to) return source.slice(from, to);
    let out = '';
    let copied = from;
    for (; next < offsets.length && offsets[next] < to; next++) {
      out += source.slice(copied, offsets[next]) + replaced.get(offsets[next]);
      copied = offsets[next] + 1;
    }
    return out + source.slice(copied, to);
  };
  // where each kept range of the source starts, there and in the text
  const segments: { srcFrom: number; textFrom: number }[] = [];
  let text = '';
  let keepFrom = 0;
  const keep = (to: number): void => {
    if (to > keepFrom) {
      segments.push({ srcFrom: keepFrom, textFrom: text.length });
      text += written(keepFrom, to);
    }
  };
  for (const [from, to] of scan.unparsed) {
    keep(from);
    keepFrom = to;
  }
  keep(source.length);
  segments.push({ srcFrom: source.length, textFrom: text.length });
  const toSource = (pos: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].textFrom <= pos) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    return Math.min(seg.srcFrom + (pos - seg.textFrom), source.length);
  };
  return { text, toSource };
}

/**
 * Lezer's parse of a view's text and its first error that is not a known false alarm. The tree is of the
 * text as repaired (`text`, the same length): Lezer rejects some `with` headers CPython accepts, parenthesised
 * items (`with (a as b, c as d):`), tuple targets (`as (x, y)`) and attribute / subscript targets (`as self.f`);
 * with `as` spelled `or` the header is an expression Lezer takes, and the text is parsed again (at most once
 * per `with` header).
 */
export function parseWithLezer(viewText: string): { tree: Tree; text: string; firstError?: SyntaxNode } {
  let text = viewText;
  let tree = parser.parse(text);
  let withHeaders: LogicalLine[] | undefined;
  const repaired = new Set<number>();
  for (let round = 0; ; round++) {
    const err = firstLezerError(tree, text);
    if (err === undefined) return { tree, text };
    withHeaders ??= scanSource(viewText).logicalLines.filter((l) => l.first[0] === 'with' || (l.first[0] === 'async' && l.first[1] === 'with'));
    const edits = round < withHeaders.length ? withHeaderRepairs(err, withHeaders).filter((pos) => !repaired.has(pos)) : [];
    if (edits.length === 0) return { tree, text, firstError: err };
    const chars = text.split('');
    for (const pos of edits) {
      repaired.add(pos);
      chars[pos] = 'o';
      chars[pos + 1] = 'r';
    }
    text = chars.join('');
    tree = parser.parse(text);
  }
}

function firstLezerError(tree: Tree, src: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter: (ref) => {
      if (found) return false;
      if (ref.type.isError) {
        const node = ref.node;
        if (!isToleratedError(node, src)) found = node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

function nextSignificantChar(src: string, pos: number): string {
  let i = pos;
  while (i < src.length && (src[i] === ' ' || src[i] === '\t')) i++;
  return i < src.length ? src[i] : '';
}

/** Lezer error nodes that stand for valid Python (known grammar gaps). */
function isToleratedError(node: SyntaxNode, src: string): boolean {
  // Starred target in a comprehension: `[x for a, *rest in items]`.
  if (node.parent && (COMPREHENSIONS.has(node.parent.name) || node.parent.name === 'ArgList') && src.slice(node.from, node.to) === '*') {
    for (let p = node.prevSibling; p; p = p.prevSibling) {
      if (p.name === 'in') return false;
      if (p.name === 'for') return true;
    }
    return false;
  }
  // Positional-only marker in a lambda: `lambda a, /: a` (Lezer knows it in `def` only), once, before any `*`.
  if (node.parent?.name === 'ParamList' && node.parent.parent?.name === 'LambdaExpression' && src.slice(node.from, node.to) === '/') {
    for (let p = node.prevSibling; p; p = p.prevSibling) if (['/', '*', '**'].includes(src.slice(p.from, p.to))) return false;
    return node.prevSibling?.name === ',';
  }
  if (node.from !== node.to) return false;
  const parent = node.parent;
  if (!parent) return false;
  const prev = node.prevSibling;
  // Bare `yield` (statement, `x = yield`, `(yield)`).
  if ((parent.name === 'YieldExpression' || parent.name === 'YieldStatement') && prev?.name === 'yield' && !node.nextSibling) {
    const next = nextSignificantChar(src, node.to);
    return next === '' || next === ')' || next === ';' || next === '#' || isNewlineChar(next);
  }
  return false;
}

/** `as` keywords of the `with` header in which Lezer's first error lies. */
function withHeaderRepairs(err: SyntaxNode, withHeaders: LogicalLine[]): number[] {
  const header = withHeaders.find((l) => l.pos <= err.from && err.from <= l.lastEnd);
  if (!header) return [];
  const end = header.colon ?? header.lastEnd;
  const asPositions = header.asPositions.filter((p) => p < end);
  if (asPositions.length === 0 || err.from < asPositions[0] || err.from > end) return [];
  return asPositions;
}

/** Child nodes, without comments. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

export function isAssignEquals(node: SyntaxNode | undefined, src: string): boolean {
  return node?.name === 'AssignOp' && src.slice(node.from, node.to) === '=';
}

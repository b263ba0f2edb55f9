/**
 * Layer 2 of the Python check: the Lezer Python grammar, run on a view of the source it cannot misread, with
 * its known false alarms on valid Python forgiven.
 */
import { parser } from '@lezer/python';
import { isNewlineChar, ScanResult } from './tokenizer';

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
 * overly deep left-recursive trees fires and reports a bogus error), with
 * `1.` floats written `1 ` (Lezer reads `1. if x else y` as an attribute
 * access of `1`) and with `\n` line breaks only. None of this changes the
 * verdict of Python's grammar; the indentation rules are checked on the
 * source itself.
 */
interface LezerView {
  text: string;
  toSource(pos: number): number;
  toText(pos: number): number;
}

function lezerView(source: string, scan: ScanResult): LezerView {
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
  // kept source ranges [srcFrom, srcTo) and where they start in the text
  const segments: { srcFrom: number; srcTo: number; textFrom: number }[] = [];
  let text = '';
  let keepFrom = 0;
  const keep = (to: number): void => {
    if (to > keepFrom) {
      segments.push({ srcFrom: keepFrom, srcTo: to, textFrom: text.length });
      text += written(keepFrom, to);
    }
  };
  for (const [from, to] of scan.blankLines) {
    keep(from);
    let end = to;
    if (source[end] === '\r' && source[end + 1] === '\n') end += 2;
    else if (end < source.length) end += 1;
    keepFrom = end;
  }
  keep(source.length);
  segments.push({ srcFrom: source.length, srcTo: source.length, textFrom: text.length });
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
  const toText = (pos: number): number => {
    for (const seg of segments) {
      if (pos < seg.srcFrom) return seg.textFrom;
      if (pos < seg.srcTo) return seg.textFrom + (pos - seg.srcFrom);
    }
    return text.length;
  };
  return { text, toSource, toText };
}

export function parseWithLezer(source: string, scan: ScanResult): { tree: Tree; view: LezerView; firstError?: SyntaxNode } {
  const view = lezerView(source, scan);
  let tree = parser.parse(view.text);
  const repaired = new Set<number>();
  // Lezer rejects some `with` headers CPython accepts: parenthesised items
  // (`with (a as b, c as d):`), tuple targets (`as (x, y)`) and attribute /
  // subscript targets (`as self.f`). With `as` spelled `or` the header is an
  // expression Lezer takes, and the text is parsed again (at most once per `with` header).
  const withHeaders = scan.logicalLines.filter((l) => l.first[0] === 'with' || (l.first[0] === 'async' && l.first[1] === 'with')).length;
  for (let round = 0; round < withHeaders; round++) {
    const err = firstLezerError(tree, view.text);
    if (err === undefined) return { tree, view };
    const edits = withHeaderRepairs(err, scan, view).filter((pos) => !repaired.has(pos));
    if (edits.length === 0) return { tree, view, firstError: err };
    const chars = view.text.split('');
    for (const pos of edits) {
      repaired.add(pos);
      chars[pos] = 'o';
      chars[pos + 1] = 'r';
    }
    view.text = chars.join('');
    tree = parser.parse(view.text);
  }
  return { tree, view, firstError: firstLezerError(tree, view.text) };
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

/** `as` keywords (text offsets) of the `with` header in which Lezer's first error lies. */
function withHeaderRepairs(err: SyntaxNode, scan: ScanResult, view: LezerView): number[] {
  const at = view.toSource(err.from);
  const header = scan.logicalLines.find((l) => l.pos <= at && at <= l.lastEnd);
  if (!header) return [];
  const isWith = header.first[0] === 'with' || (header.first[0] === 'async' && header.first[1] === 'with');
  if (!isWith) return [];
  const end = header.colon ?? header.lastEnd;
  const asPositions = header.asPositions.filter((p) => p < end);
  if (asPositions.length === 0 || at < asPositions[0] || at > end) return [];
  return asPositions.map((p) => view.toText(p));
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

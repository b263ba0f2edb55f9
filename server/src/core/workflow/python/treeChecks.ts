/** Rules of CPython's grammar that Lezer does not enforce, checked on Lezer's tree. */
import { children, isAssignEquals, SyntaxNode, Tree } from './grammar';
import { isNewlineChar, Problem } from './tokenizer';

const TARGET_CONTAINERS = new Set(['TupleExpression', 'ArrayExpression', 'ParenthesizedExpression']);
const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '*']);

function describeExpression(node: SyntaxNode, src: string): string {
  switch (node.name) {
    case 'Number':
    case 'String':
    case 'ContinuedString':
    case 'Ellipsis':
      return 'literal';
    case 'FormatString':
      return 'f-string expression';
    case 'None':
    case 'Boolean':
      return src.slice(node.from, node.to);
    case 'CallExpression':
      return 'function call';
    case 'CompareOp':
      return 'comparison';
    case 'LambdaExpression':
      return 'lambda';
    case 'ConditionalExpression':
      return 'conditional expression';
    case 'AwaitExpression':
      return 'await expression';
    case 'YieldExpression':
      return 'yield expression';
    case 'NamedExpression':
      return 'named expression';
    case 'DictionaryExpression':
      return 'dict literal';
    case 'SetExpression':
      return 'set display';
    case 'ComprehensionExpression':
      return 'generator expression';
    case 'ArrayComprehensionExpression':
      return 'list comprehension';
    case 'DictionaryComprehensionExpression':
      return 'dict comprehension';
    case 'SetComprehensionExpression':
      return 'set comprehension';
    case 'BinaryExpression': {
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'CompareOp' || c.name === 'in' || c.name === 'is' || c.name === 'not') return 'comparison';
      }
      return 'expression';
    }
    default:
      return 'expression';
  }
}

/** First invalid node in an assignment / deletion target, with its description. */
function invalidTarget(node: SyntaxNode, src: string): { node: SyntaxNode; what: string } | undefined {
  if (node.name === 'VariableName') {
    const name = src.slice(node.from, node.to);
    return name === '__debug__' ? { node, what: name } : undefined;
  }
  if (node.name === 'MemberExpression') return undefined;
  if (TARGET_CONTAINERS.has(node.name)) {
    for (const c of children(node)) {
      if (PUNCTUATION.has(c.name)) continue;
      const bad = invalidTarget(c, src);
      if (bad) return bad;
    }
    return undefined;
  }
  return { node, what: describeExpression(node, src) };
}

/** Rules of CPython's grammar checked on Lezer's tree, before `limit`. */
export function checkTreeGrammar(tree: Tree, src: string, limit: number): Problem | undefined {
  let found: Problem | undefined;
  const report = (pos: number, message: string): void => {
    if (pos < limit && (!found || pos < found.pos)) found = { pos, message };
  };
  tree.iterate({
    enter: (ref) => {
      if (found || ref.from >= limit) return false;
      const node = ref.node;
      switch (node.name) {
        case 'PrintStatement':
          report(node.from, "Missing parentheses in call to 'print'. Did you mean print(...)?");
          return false;
        case 'AssignStatement': {
          // Every segment before the last `=` is a target list.
          const parts = children(node);
          const lastAssign = parts.map((p) => p.name).lastIndexOf('AssignOp');
          const segment: SyntaxNode[] = [];
          let first = true;
          for (let k = 0; k <= lastAssign; k++) {
            const p = parts[k];
            if (p.name === 'AssignOp') {
              const targets = segment.filter((s) => !PUNCTUATION.has(s.name));
              const single = targets.length === 1 && !segment.some((s) => s.name === ',');
              for (const t of targets) {
                if (t.name === 'YieldExpression') {
                  report(t.from, 'assignment to yield expression not possible');
                  break;
                }
                const bad = invalidTarget(t, src);
                if (bad) {
                  const here = first && single && bad.node === t && !['None', 'Boolean'].includes(t.name) && bad.what !== '__debug__';
                  report(bad.node.from, `cannot assign to ${bad.what}${here ? " here. Maybe you meant '==' instead of '='?" : ''}`);
                  break;
                }
              }
              segment.length = 0;
              first = false;
            } else if (p.name !== 'TypeDef') {
              segment.push(p);
            }
          }
          return undefined;
        }
        case 'UpdateStatement': {
          const parts = children(node);
          const target = parts[0];
          const op = parts.findIndex((c) => c.name === 'UpdateOp');
          if (target && parts.slice(0, op).some((c) => c.name === ',')) {
            report(target.from, "'tuple' is an illegal expression for augmented assignment");
          } else if (target && target.name !== 'VariableName' && target.name !== 'MemberExpression') {
            report(target.from, `'${describeExpression(target, src)}' is an illegal expression for augmented assignment`);
          }
          return undefined;
        }
        case 'DeleteStatement':
        case 'ForStatement': {
          const isDel = node.name === 'DeleteStatement';
          let inTarget = isDel;
          for (const c of children(node)) {
            if (!isDel && c.name === 'for') {
              inTarget = true;
              continue;
            }
            if (!isDel && c.name === 'in') break;
            if (!inTarget || PUNCTUATION.has(c.name) || c.name === 'async' || c.name === 'del') continue;
            const bad = invalidTarget(c, src);
            if (bad) {
              report(bad.node.from, `cannot ${isDel ? 'delete' : 'assign to'} ${bad.what}`);
              break;
            }
          }
          return undefined;
        }
        case 'ArgList': {
          // positional argument after a keyword argument / `**` unpacking
          const parts = children(node);
          if (parts.some((p) => p.name === 'for')) {
            // an unparenthesised generator must be the only argument
            let inTarget = false;
            for (const p of parts) {
              if (p.name === 'for') inTarget = true;
              else if (p.name === 'in') inTarget = false;
              else if (p.name === ',' && !inTarget) {
                report(parts[1]?.from ?? node.from, 'Generator expression must be parenthesized');
                break;
              }
            }
          }
          let keyword = false;
          let doubleStar = false;
          for (let k = 0; k < parts.length; k++) {
            const p = parts[k];
            if (p.name === '(' || p.name === ')' || p.name === ',') continue;
            if (p.name === '**') {
              doubleStar = true;
              k++;
              continue;
            }
            if (p.name === '*') {
              if (doubleStar) report(p.from, 'iterable argument unpacking follows keyword argument unpacking');
              k++;
              continue;
            }
            if (isAssignEquals(parts[k + 1], src)) {
              keyword = true;
              k += 2;
              continue;
            }
            if (keyword || doubleStar) {
              report(p.from, doubleStar && !keyword ? 'positional argument follows keyword argument unpacking' : 'positional argument follows keyword argument');
              break;
            }
            // skip the rest of this argument (e.g. a generator's `for` clause)
            while (k + 1 < parts.length && parts[k + 1].name !== ',' && parts[k + 1].name !== ')') k++;
          }
          return undefined;
        }
        case 'ParamList': {
          // non-default parameter after a default one (before any `*`)
          let sawDefault = false;
          const parts = children(node);
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === '*' || c.name === '**') break;
            if (c.name !== 'VariableName' || parts[k - 1]?.name === 'AssignOp') continue;
            let next = parts[k + 1];
            if (next?.name === 'TypeDef') next = parts[k + 2];
            if (next?.name === 'AssignOp') sawDefault = true;
            else if (sawDefault) {
              report(c.from, 'non-default argument follows default argument');
              break;
            }
          }
          // a bare `*` needs a named parameter after it; nothing follows `**kwargs`
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === '*' && parts[k + 1]?.name !== 'VariableName') {
              let named = false;
              for (let m = k + 1; m < parts.length && parts[m].name !== '**'; m++) if (parts[m].name === 'VariableName') named = true;
              if (!named) report(c.from, 'named arguments must follow bare *');
            }
            if (c.name === '**') {
              for (let m = k + 2; m < parts.length; m++) {
                if (parts[m].name === ',' || parts[m].name === ')' || parts[m].name === 'TypeDef') continue;
                report(parts[m].from, 'arguments cannot follow var-keyword argument');
                break;
              }
              break;
            }
          }
          return undefined;
        }
        case 'TryStatement': {
          const parts = children(node);
          let handlers = 0;
          let bareExcept: SyntaxNode | undefined;
          for (let k = 0; k < parts.length; k++) {
            const c = parts[k];
            if (c.name === 'finally') handlers++;
            if (c.name !== 'except') continue;
            handlers++;
            if (bareExcept) {
              report(bareExcept.from, "default 'except:' must be last");
              break;
            }
            let m = k + 1;
            if (parts[m]?.name === '*') m++;
            if (parts[m]?.name === 'Body') bareExcept = c;
            else if (parts[m + 1]?.name === ',') {
              report(parts[m].from, 'multiple exception types must be parenthesized');
              break;
            }
          }
          if (handlers === 0) report(nextTokenPos(src, node.to), "expected 'except' or 'finally' block");
          return undefined;
        }
        case 'CompareOp':
          if (src.slice(node.from, node.to) === '<>') report(node.from, 'invalid syntax');
          return undefined;
        case 'FormatString': {
          // literal text of an f-string: `}` must be doubled
          let gapStart = node.from;
          const check = (from: number, to: number): void => {
            for (let i = from; i < to; i++) {
              if (src[i] === '\\') {
                if (src[i + 1] === 'N' && src[i + 2] === '{') {
                  const close = src.indexOf('}', i + 3);
                  if (close > 0 && close < to) i = close;
                  continue;
                }
                // before a brace the backslash is literal: `\{x}` is a replacement field, `\}}` an escaped brace
                if (src[i + 1] !== '{' && src[i + 1] !== '}') i++;
                continue;
              }
              if (src[i] !== '}') continue;
              if (src[i + 1] === '}' && i + 1 < to) i++;
              else {
                report(i, "f-string: single '}' is not allowed");
                return;
              }
            }
          };
          for (const c of children(node)) {
            if (c.name !== 'FormatReplacement') continue;
            check(gapStart, c.from);
            gapStart = c.to;
          }
          check(gapStart, node.to);
          return undefined;
        }
        default:
          return undefined;
      }
    },
  });
  return found;
}

/** Offset of the next token at or after `pos` (blanks, line breaks and comments skipped). */
function nextTokenPos(src: string, pos: number): number {
  let i = pos;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\f' || isNewlineChar(c)) i++;
    else if (c === '#') while (i < src.length && !isNewlineChar(src[i])) i++;
    else return i;
  }
  // at the end: CPython points at the end of the last line that has any text
  let end = src.length;
  while (end > 0 && isNewlineChar(src[end - 1])) end--;
  return end;
}

/**
 * Layer 3 of the Python check: what CPython's compiler and symbol table reject after parsing, which compile()
 * reports as SyntaxError too.
 */
import { children, COMPREHENSIONS, isAssignEquals, SyntaxNode, Tree } from './grammar';
import { Problem } from './tokenizer';

interface Scope {
  kind: 'module' | 'function' | 'class' | 'lambda';
  async: boolean;
  loop: boolean;
  comprehension: boolean;
}

export function checkCompilerRules(tree: Tree, src: string): Problem | undefined {
  let symtable: Problem | undefined;
  let compiler: Problem | undefined;
  const sym = (pos: number, message: string): void => {
    if (!symtable) symtable = { pos, message };
  };
  const comp = (pos: number, message: string): void => {
    if (!compiler) compiler = { pos, message };
  };

  const visit = (node: SyntaxNode, scope: Scope): void => {
    switch (node.name) {
      case 'FunctionDefinition': {
        const isAsync = node.firstChild?.name === 'async';
        checkParameters(node.getChild('ParamList'), src, sym);
        for (const c of children(node)) {
          if (c.name === 'Body') visit(c, { kind: 'function', async: isAsync, loop: false, comprehension: false });
          else visit(c, scope);
        }
        return;
      }
      case 'LambdaExpression': {
        checkParameters(node.getChild('ParamList'), src, sym);
        for (const c of children(node)) visit(c, { kind: 'lambda', async: false, loop: false, comprehension: false });
        return;
      }
      case 'ClassDefinition': {
        for (const c of children(node)) {
          if (c.name === 'Body') visit(c, { kind: 'class', async: false, loop: false, comprehension: false });
          else visit(c, scope);
        }
        return;
      }
      case 'ForStatement':
      case 'WhileStatement': {
        let bodies = 0;
        for (const c of children(node)) {
          if (c.name === 'Body') {
            // the first body is the loop; an `else:` body is not
            visit(c, bodies === 0 ? { ...scope, loop: true } : scope);
            bodies++;
          } else visit(c, scope);
        }
        return;
      }
      case 'ReturnStatement':
        if (scope.kind !== 'function') comp(node.from, "'return' outside function");
        break;
      case 'YieldStatement':
      case 'YieldExpression':
        if (scope.kind !== 'function' && scope.kind !== 'lambda') sym(node.from, "'yield' outside function");
        break;
      case 'AwaitExpression':
        if (scope.kind === 'module' || scope.kind === 'class') {
          comp(node.from, scope.comprehension ? 'asynchronous comprehension outside of an asynchronous function' : "'await' outside function");
        } else if (!scope.async) {
          comp(node.from, scope.comprehension ? 'asynchronous comprehension outside of an asynchronous function' : "'await' outside async function");
        }
        break;
      case 'BreakStatement':
        if (!scope.loop) comp(node.from, "'break' outside loop");
        break;
      case 'ContinueStatement':
        if (!scope.loop) comp(node.from, "'continue' not properly in loop");
        break;
      case 'ArgList': {
        const seen = new Set<string>();
        const parts = children(node);
        for (let k = 0; k + 1 < parts.length; k++) {
          if (parts[k].name !== 'VariableName' || !isAssignEquals(parts[k + 1], src)) continue;
          const name = src.slice(parts[k].from, parts[k].to);
          if (seen.has(name)) {
            comp(parts[k].from, `keyword argument repeated: ${name}`);
            break;
          }
          seen.add(name);
        }
        break;
      }
      case 'AssignStatement': {
        const parts = children(node);
        const assigns = parts.map((p, k) => (p.name === 'AssignOp' ? k : -1)).filter((k) => k >= 0);
        let segStart = 0;
        for (const a of [...assigns, parts.length]) {
          const seg = parts.slice(segStart, a).filter((p) => p.name !== 'TypeDef');
          const stars = seg.filter((p) => p.name === '*');
          const isTarget = a !== parts.length;
          if (isTarget && stars.length > 1) comp(stars[1].from, 'multiple starred expressions in assignment');
          if (stars.length > 0 && !seg.some((p) => p.name === ',')) comp(stars[0].from, "can't use starred expression here");
          segStart = a + 1;
        }
        break;
      }
      case 'ScopeStatement':
        if (node.firstChild?.name === 'nonlocal' && scope.kind === 'module') {
          sym(node.from, 'nonlocal declaration not allowed at module level');
        }
        break;
      case 'ImportStatement':
        if (scope.kind !== 'module' && children(node).some((c) => c.name === '*')) {
          const star = children(node).find((c) => c.name === '*');
          sym(star ? star.from : node.from, 'import * only allowed at module level');
        }
        break;
      default:
        if (COMPREHENSIONS.has(node.name)) {
          for (const c of children(node)) visit(c, { ...scope, comprehension: true });
          return;
        }
    }
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c, scope);
  };
  visit(tree.topNode, { kind: 'module', async: false, loop: false, comprehension: false });
  return symtable ?? compiler;
}

function checkParameters(params: SyntaxNode | null, src: string, report: (pos: number, message: string) => void): void {
  if (!params) return;
  const seen = new Set<string>();
  const parts = children(params);
  for (let k = 0; k < parts.length; k++) {
    const c = parts[k];
    // a parameter name (not a default value; annotations are nested in TypeDef)
    if (c.name === 'VariableName' && parts[k - 1]?.name !== 'AssignOp') {
      const name = src.slice(c.from, c.to);
      if (seen.has(name)) {
        report(c.from, `duplicate argument '${name}' in function definition`);
        return;
      }
      seen.add(name);
    }
  }
}

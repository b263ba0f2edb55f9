import { data, Evaluator, Expr, Lexer, Parser } from '@actions/expressions';
import { ContextAccess, FunctionCall, IndexAccess, Literal, Logical } from '@actions/expressions/ast';
import { falsy, truthy } from '@actions/expressions/result';
import { rememberedBy } from '../memo';

/**
 * `${{ }}` templates and job conditions read with GitHub's own expression lexer and parser, never with
 * regular expressions: a status function inside a string literal is text, `!always()` is not `always()`.
 */

/** A parsed value: its literal text and expressions in order, or why GitHub would refuse it. */
export type Template = { segments: Segment[] } | { error: string };
export type Segment = { text: string } | { expression: Expr; source: string };

/** Named contexts GitHub allows in a job's `if:` and in its `name:` (the workflow syntax's allowed contexts). */
export const jobIfContexts = ['github', 'needs', 'vars', 'inputs'] as const;
export const jobNameContexts = ['github', 'needs', 'strategy', 'matrix', 'vars', 'inputs'] as const;

const statusFunctionNames = ['success', 'failure', 'cancelled', 'always'] as const;
type StatusFunction = (typeof statusFunctionNames)[number];
const statusFunctionInfo = statusFunctionNames.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));

const open = '${{';

/** Parses one expression (the text between `${{` and `}}`, or a bare condition). */
export function parseExpression(source: string, contexts: readonly string[], statusFunctions = false): Expr | { error: string } {
  try {
    const { tokens } = new Lexer(source).lex();
    return new Parser(tokens, [...contexts], statusFunctions ? statusFunctionInfo : []).parse();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Splits a scalar into literal text and `${{ }}` expressions as GitHub's template reader does (`}}` inside a '…' literal does not close). */
export function parseTemplate(value: string, contexts: readonly string[], statusFunctions = false): Template {
  const segments: Segment[] = [];
  let index = 0;
  while (index < value.length) {
    const start = value.indexOf(open, index);
    if (start < 0) {
      segments.push({ text: value.slice(index) });
      break;
    }
    if (start > index) segments.push({ text: value.slice(index, start) });
    let end = -1;
    let inString = false;
    for (let i = start + open.length; i < value.length; i++) {
      if (value[i] === "'") inString = !inString;
      else if (!inString && value[i] === '}' && value[i - 1] === '}') {
        end = i;
        break;
      }
    }
    if (end < 0) return { error: 'an unescaped ${{ sequence is not closed by }}' };
    const source = value.slice(start + open.length, end - 1);
    const expression = parseExpression(source, contexts, statusFunctions);
    if ('error' in expression) return expression;
    segments.push({ expression, source: source.trim() });
    index = end + 1;
  }
  return { segments };
}

export function hasExpressions(template: Template): boolean {
  return 'segments' in template && template.segments.some((s) => 'expression' in s);
}

/** The named contexts (`matrix`, `github`, …) an expression reads. */
export function contextsOf(expression: Expr): Set<string> {
  const names = new Set<string>();
  walk(expression, (node) => {
    if (node instanceof ContextAccess) names.add(node.name.lexeme.toLowerCase());
  });
  return names;
}

/** The inputs an expression reads by name (`inputs.x`, `inputs['x']`). */
export function inputsRead(expression: Expr): string[] {
  const names: string[] = [];
  walk(expression, (node) => {
    if (node instanceof IndexAccess && node.expr instanceof ContextAccess && node.expr.name.lexeme.toLowerCase() === 'inputs' && node.index instanceof Literal) names.push(node.index.literal.coerceString());
  });
  return names;
}

/** Calls visit on every node of the tree. */
function walk(node: Expr, visit: (node: Expr) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walk(child, visit);
}

function childrenOf(node: Expr): Expr[] {
  const n = node as unknown as { expr?: Expr; left?: Expr; right?: Expr; args?: Expr[]; group?: Expr; index?: Expr };
  return [n.expr, n.left, n.right, n.group, n.index, ...(n.args ?? [])].filter((c): c is Expr => c instanceof Expr);
}

function callsStatusFunction(expression: Expr): boolean {
  let found = false;
  walk(expression, (node) => {
    if (node instanceof FunctionCall && (statusFunctionNames as readonly string[]).includes(node.functionName.lexeme.toLowerCase())) found = true;
  });
  return found;
}

/** What a job's `if:` is evaluated as, or why GitHub would refuse it; `statusImplied`: no status function, so GitHub ANDs it with success(). */
export type JobCondition = { expression: Expr; statusImplied: boolean } | { error: string };

export function parseJobCondition(condition: string | undefined): JobCondition {
  const text = (condition ?? '').trim();
  if (text === '') return { expression: parseExpression('success()', [], true) as Expr, statusImplied: false };
  let expression: Expr | { error: string };
  if (text.includes(open)) {
    const template = parseTemplate(text, jobIfContexts, true);
    if ('error' in template) return template;
    // A whole `${{ x }}` is x; text around expressions makes a format() string, truthy when not empty.
    const [only] = template.segments;
    expression = template.segments.length === 1 && 'expression' in only ? only.expression : parseExpression(asFormatCall(template.segments), jobIfContexts, true);
  } else {
    expression = parseExpression(text, jobIfContexts, true);
  }
  if ('error' in expression) return expression;
  return { expression, statusImplied: !callsStatusFunction(expression) };
}

/** The format() call GitHub's template reader builds for text mixed with expressions. */
function asFormatCall(segments: Segment[]): string {
  const args: string[] = [];
  const format = segments
    .map((segment) => {
      if ('text' in segment) return segment.text.replace(/'/g, "''").replace(/\{/g, '{{').replace(/\}/g, '}}');
      args.push(segment.source);
      return `{${args.length - 1}}`;
    })
    .join('');
  return `format('${format}'${args.map((a) => `, ${a}`).join('')})`;
}

/** The state a job's dependencies are in when GitHub evaluates its `if:`. */
export type DependencyState = 'succeeded' | 'failed';

const statusFunctionValues: Record<DependencyState, Record<StatusFunction, boolean>> = {
  succeeded: { success: true, failure: false, cancelled: false, always: true },
  failed: { success: false, failure: true, cancelled: false, always: true },
};

/** Whether a condition holds: known true, known false, or depending on values known only when the workflow runs. */
export type Truth = 'true' | 'false' | 'unknown';

/**
 * The truth of a job's `if:` when its dependencies are in the given state (contexts unknown). A condition GitHub refuses is unknown.
 * Worked out once per condition text: every check asks it of every required job again.
 */
export function conditionTruth(condition: string | undefined, dependencies: DependencyState): Truth {
  return truths[dependencies](condition ?? '');
}

const maxRememberedConditions = 10_000;
const truths: Record<DependencyState, (condition: string) => Truth> = {
  succeeded: rememberedBy(maxRememberedConditions, (condition) => evaluateCondition(condition, 'succeeded')),
  failed: rememberedBy(maxRememberedConditions, (condition) => evaluateCondition(condition, 'failed')),
};

function evaluateCondition(condition: string, dependencies: DependencyState): Truth {
  const parsed = parseJobCondition(condition);
  if ('error' in parsed) return 'unknown';
  const truth = truthOf(parsed.expression, dependencies);
  return parsed.statusImplied ? and(statusFunctionValues[dependencies].success ? 'true' : 'false', truth) : truth;
}

/** Whether the job can run (and report its check) after a job it needs failed. */
export function runsAfterFailedDependency(condition: string | undefined): boolean {
  return conditionTruth(condition, 'failed') !== 'false';
}

/** Whether the job can be skipped by its own `if:` even when every job it needs succeeded. */
export function canBeFalse(condition: string | undefined): boolean {
  return conditionTruth(condition, 'succeeded') !== 'true';
}

function and(a: Truth, b: Truth): Truth {
  if (a === 'false' || b === 'false') return 'false';
  return a === 'true' && b === 'true' ? 'true' : 'unknown';
}

/** Thrown through the evaluator where a value is known only when the workflow runs. */
const unknownValue = Symbol('unknown value');

/**
 * GitHub's evaluator with every context unknown: an operation on an unknown value is unknown, except that
 * `&&` and `||` still decide when a known operand settles them (Kleene logic over truthiness).
 */
class ConditionEvaluator extends Evaluator {
  constructor(expression: Expr, dependencies: DependencyState) {
    const values = statusFunctionValues[dependencies];
    const functions = new Map(statusFunctionInfo.map((info) => [info.name, { ...info, call: () => new data.BooleanData(values[info.name]) }]));
    super(expression, new data.Dictionary(), functions);
  }

  override visitContextAccess(): data.ExpressionData {
    throw unknownValue;
  }

  override visitLogical(logical: Logical): data.ExpressionData {
    const isAnd = logical.operator.lexeme === '&&';
    let unknown = false;
    let result: data.ExpressionData | undefined;
    for (const arg of logical.args) {
      const value = this.known(arg);
      if (value === undefined) {
        unknown = true;
        continue;
      }
      result = value;
      if (isAnd ? falsy(value) : truthy(value)) return value;
    }
    if (unknown) throw unknownValue;
    return result!;
  }

  private known(expression: Expr): data.ExpressionData | undefined {
    try {
      return this.eval(expression);
    } catch (error) {
      if (isUnknown(error)) return undefined;
      throw error;
    }
  }
}

function isUnknown(error: unknown): boolean {
  // The evaluator wraps a failure inside an index (`x[github.y]`) with the original as its cause.
  return error === unknownValue || (error instanceof Error && error.cause === unknownValue);
}

function truthOf(expression: Expr, dependencies: DependencyState): Truth {
  try {
    return truthy(new ConditionEvaluator(expression, dependencies).evaluate()) ? 'true' : 'false';
  } catch {
    // Unknown values, or an evaluation error GitHub would report when the job runs.
    return 'unknown';
  }
}

/** Evaluates an expression that reads only the given contexts (JSON-like values), as GitHub would. */
export function evaluate(expression: Expr, contexts: Record<string, unknown>): data.ExpressionData {
  const dictionary = new data.Dictionary();
  for (const [name, value] of Object.entries(contexts)) dictionary.add(name, JSON.parse(JSON.stringify(value ?? null), data.reviver));
  return new Evaluator(expression, dictionary).evaluate();
}

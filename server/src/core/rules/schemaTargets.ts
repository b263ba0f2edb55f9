import { exceptionFileShapeProblems } from '../controls/exceptions';
import { assessReport } from '../reports/assessment';
import { SchemaId, SchemaProblem, validateAgainstSchema } from '../schemas/registry';
import { suppressionsFile } from '../suppressions/suppressions';
import type { RuleContext } from './rule';

/** The schema a JSON file of the workspace is validated against, and its problems. */
export function schemaProblemsOf(context: RuleContext, file: string): { schema: SchemaId; problems: SchemaProblem[] } | undefined {
  const { model, policy } = context;
  const doc = model.json(file);
  if (!doc?.isValid) return undefined;
  const report = assessReport(model, file);
  if (report?.kind) return { schema: report.kind.schema, problems: report.schemaProblems };
  if (file === policy.exceptions?.file) return { schema: 'release_exceptions', problems: exceptionFileShapeProblems(model, policy) };
  const fixed: [string | undefined, SchemaId][] = [
    [context.policyFile, 'readiness-policy'],
    [policy.ciEvidence?.checkRuns, 'check_runs'],
    [policy.ciEvidence?.needsContext, 'needs_context'],
    [policy.branchProtection?.requiredChecks, 'required_status_checks'],
    [suppressionsFile, 'readiness-suppressions'],
  ];
  const schema = fixed.find(([path]) => path === file)?.[1];
  return schema ? { schema, problems: validateAgainstSchema(schema, doc.value) } : undefined;
}

/** Problems another rule owns: a report's contract string and status value. */
export function isContractProblem(problem: SchemaProblem): boolean {
  if (problem.pointer === '' && problem.keyword === 'required' && problem.message.includes('"contract"')) return true;
  return problem.pointer === '/contract' && (problem.keyword === 'enum' || problem.keyword === 'const');
}

/** Duplicate required checks: required-check-mapping says which entry, and offers to remove it. */
export function isDuplicateCheckProblem(problem: SchemaProblem): boolean {
  return problem.pointer === '/required_status_checks' && problem.keyword === 'uniqueItems';
}

export function isStatusValueProblem(problem: SchemaProblem): boolean {
  return (problem.pointer === '/status' || problem.pointer === '/slo_status') && problem.keyword === 'enum';
}

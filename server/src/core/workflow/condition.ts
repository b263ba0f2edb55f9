/**
 * What a job-level `if:` allows, read from its text alone. Kept apart so that a real expression parser can
 * take the place of these patterns without touching the rules that ask.
 */

/** The condition without its optional `${{ }}` wrapper. */
function bare(condition: string): string {
  return condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
}

/** Whether the condition may evaluate to false, so that GitHub skips the job: all but `true` and `always()`. */
export function conditionCanBeFalse(condition: string | undefined): boolean {
  if (condition === undefined) return false;
  return !/^(?:true|always\s*\(\s*\))$/.test(bare(condition));
}

/** Conditions that make a job run after a job it needs failed: always(), !cancelled(), failure() not negated. */
export function runsAfterFailedNeeds(condition: string | undefined): boolean {
  return condition !== undefined && /\balways\s*\(\s*\)|!\s*cancelled\s*\(\s*\)|(?<!!\s*)\bfailure\s*\(\s*\)/.test(condition);
}

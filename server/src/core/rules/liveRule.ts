import type { Report, Rule, RuleContext } from './rule';

/** A finding of a rule over the whole workspace, with the file it stands in. */
export interface PlacedReport<Data = unknown> extends Report<Data> {
  file: string;
}

const placed = new WeakMap<object, Map<string, PlacedReport<unknown>[]>>();

/**
 * A rule whose findings come from comparing the branch's live rules with the whole workspace: computed
 * once per model, then handed out per file, so a fault still stays in the rule.
 */
export function liveRule<Data = unknown>(definition: Omit<Rule<Data>, 'files' | 'check'> & { reports(context: RuleContext): PlacedReport<Data>[] }): Rule<Data> {
  const { reports, ...rest } = definition;
  const of = (context: RuleContext) => {
    let byRule = placed.get(context.model);
    if (!byRule) placed.set(context.model, (byRule = new Map()));
    let list = byRule.get(rest.id);
    if (!list) byRule.set(rest.id, (list = context.model.snapshot.live?.rules ? reports(context) : []));
    // One map for every live rule; each rule reads back only the reports it stored.
    return list as PlacedReport<Data>[];
  };
  return {
    ...rest,
    files: (context) => [...new Set(of(context).map((r) => r.file))].sort(),
    check(context, file, report) {
      for (const { file: where, ...finding } of of(context)) if (where === file) report(finding);
    },
  };
}

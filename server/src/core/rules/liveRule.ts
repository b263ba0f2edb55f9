import type { Report, Rule, RuleContext } from './rule';

/** A finding of a rule over the whole workspace, with the file it stands in. */
export interface PlacedReport<Data = unknown> extends Report<Data> {
  file: string;
}

type PlacedDefinition<Data> = Omit<Rule<Data>, 'files' | 'check'> & { reports(context: RuleContext): PlacedReport<Data>[] };

/**
 * A rule whose findings come from comparing the branch's live rules with the whole workspace: computed
 * once per model, then handed out per file, so a fault still stays in the rule.
 */
export function liveRule<Data = unknown>(definition: PlacedDefinition<Data>): Rule<Data> {
  return workspaceRule(definition, (context) => context.model.snapshot.live?.rules !== undefined);
}

/** A rule whose findings come from the whole workspace (where `applies`), computed once per model and handed out per file. */
export function workspaceRule<Data = unknown>(definition: PlacedDefinition<Data>, applies: (context: RuleContext) => boolean): Rule<Data> {
  const { reports, ...rest } = definition;
  // Each rule's reports are derived under its own key, so a rule reads back only the reports it stored.
  const of = (context: RuleContext) => (applies(context) ? context.model.derived('workspace-rule', rest.id, () => reports(context)) : []);
  return {
    ...rest,
    files: (context) => [...new Set(of(context).map((r) => r.file))].sort(),
    check(context, file, report) {
      for (const { file: where, ...finding } of of(context)) if (where === file) report(finding);
    },
  };
}

import { isContractProblem, isDuplicateCheckProblem, isStatusValueProblem, schemaProblemsOf } from './schemaTargets';
import type { Rule } from './rule';

export const rule: Rule = {
  id: 'schema-violation',
  description: 'A JSON file the playbook reads must have the shape its contract or schema gives: required fields, types, allowed properties.',
  defaultSeverity: 'error',
  files: (context) => context.jsonFiles,
  check(context, file, report) {
    const target = schemaProblemsOf(context, file);
    const doc = context.model.json(file)!;
    for (const problem of target?.problems ?? []) {
      if (isContractProblem(problem) || isStatusValueProblem(problem) || isDuplicateCheckProblem(problem)) continue;
      const node = (problem.memberPointer && doc.nodeAtPointer(problem.memberPointer)) || doc.nodeAtPointer(problem.pointer);
      report({ range: doc.focusRange(node), message: `${problem.message}. (schema ${target!.schema})` });
    }
  },
};

import { isMap, isSeq, Node, YAMLMap } from 'yaml';
import type { WorkflowJob } from './workflowModel';

/** The `strategy.matrix` pair of a job: its key (where a finding about the whole matrix goes), its value and its exclude entries. */
export function matrixNodes(job: WorkflowJob): { key: Node; value: unknown; exclude?: Node[] } | undefined {
  const strategy = job.node.get('strategy', true);
  if (!isMap(strategy)) return undefined;
  const pair = (strategy as YAMLMap).items.find((p) => (p.key as { value?: unknown } | null)?.value === 'matrix');
  if (!pair) return undefined;
  const exclude = isMap(pair.value) ? pair.value.get('exclude', true) : undefined;
  return { key: pair.key as Node, value: pair.value, exclude: isSeq(exclude) ? (exclude.items as Node[]) : undefined };
}

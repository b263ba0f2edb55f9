import { isMap, isSeq, Node, YAMLMap } from 'yaml';
import type { WorkflowJob } from './workflowModel';

/** The `strategy.matrix` pair of a job: its key (where a finding about the whole matrix goes) and its value. */
export function matrixNodes(job: WorkflowJob): { key: Node; exclude?: Node[] } | undefined {
  const strategy = job.node.get('strategy', true);
  if (!isMap(strategy)) return undefined;
  const pair = (strategy as YAMLMap).items.find((p) => (p.key as { value?: unknown } | null)?.value === 'matrix');
  if (!pair) return undefined;
  const exclude = isMap(pair.value) ? pair.value.get('exclude', true) : undefined;
  return { key: pair.key as Node, exclude: isSeq(exclude) ? (exclude.items as Node[]) : undefined };
}

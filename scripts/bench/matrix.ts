/**
 * A hostile matrix: one workflow whose job has 7 axes of 10 values (10^7 combinations; GitHub refuses
 * more than 256), checked as the CLI checks a folder. The engine counts combinations before it builds any.
 */
import { checkWorkspace } from '../../server/src/core/engine';
import { forgetRemembered } from '../../server/src/core/memo';
import { ParseCache } from '../../server/src/core/workspace';
import { now } from './lib/run';
import { Summary, summarize } from './lib/stats';

export function matrixWorkflow(axes: number, values: number): string {
  const axis = (a: number) => `          axis${a}: [${Array.from({ length: values }, (_, v) => `v${v}`).join(', ')}]`;
  return ['name: matrix', 'on: [push]', 'jobs:', '  wide:', '    runs-on: ubuntu-latest', '    strategy:', '      matrix:', ...Array.from({ length: axes }, (_, a) => axis(a)).map((line) => line.slice(2)), '    steps:', '      - run: echo ${{ matrix.axis0 }}', ''].join('\n');
}

export function measureMatrix(axes: number, values: number, runs: number): { ms: Summary; findings: string[] } {
  const files = new Map([['.github/workflows/matrix.yml', matrixWorkflow(axes, values)]]);
  const check = () => {
    forgetRemembered();
    return checkWorkspace({ files, now: new Date('2026-06-12T09:30:00Z') }, { cache: new ParseCache() });
  };
  const findings = check().findings.map((f) => f.rule);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    check();
    times.push(now() - t0);
  }
  return { ms: summarize(times), findings };
}

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summariser reads. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionCost {
  name: string;
  selfMs: number;
  totalMs: number;
  selfPct: number;
  totalPct: number;
}

/** Generated line → sorted [generated column, source index, source line] segments of an esbuild source map. */
type LineMap = Map<number, [number, number, number][]>;

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeSourceMap(file: string): { sources: string[]; lines: LineMap } | undefined {
  let map: { sources: string[]; mappings: string };
  try {
    map = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'));
  } catch {
    return undefined;
  }
  const lines: LineMap = new Map();
  let source = 0, sourceLine = 0, sourceColumn = 0;
  map.mappings.split(';').forEach((line, generatedLine) => {
    let column = 0;
    const segments: [number, number, number][] = [];
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0, shift = 0;
      for (const char of segment) {
        const digit = base64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length >= 4) {
        source += values[1];
        sourceLine += values[2];
        sourceColumn += values[3];
        segments.push([column, source, sourceLine]);
      }
    }
    if (segments.length) lines.set(generatedLine, segments);
  });
  return { sources: map.sources.map((s) => path.relative(process.cwd(), path.resolve(path.dirname(file), s))), lines };
}

const sourceMaps = new Map<string, ReturnType<typeof decodeSourceMap>>();

/** `function file:line`, with bundle positions mapped back to the TypeScript sources (or node_modules). */
function keyOf(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  let where = url ? `${url.replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
  if (url.startsWith('file://')) {
    const file = fileURLToPath(url);
    if (!sourceMaps.has(file)) sourceMaps.set(file, decodeSourceMap(file));
    const map = sourceMaps.get(file);
    const segments = map?.lines.get(lineNumber);
    if (map && segments) {
      let best = segments[0];
      for (const s of segments) if (s[0] <= columnNumber) best = s;
      where = `${map.sources[best[1]].replace(/^.*node_modules\//, '')}:${best[2] + 1}`;
    }
  }
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

/** Self and inclusive time per function (recursion counted once per sample). */
export function functionCosts(profile: CpuProfile): { costs: FunctionCost[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((sample, i) => {
    const delta = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    all += delta;
    const leaf = byId.get(sample)!;
    self.set(keyOf(leaf), (self.get(keyOf(leaf)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const key = keyOf(byId.get(id)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + delta);
    }
  });
  const costs = [...total].map(([name, totalMs]) => ({ name, totalMs, selfMs: self.get(name) ?? 0, totalPct: (100 * totalMs) / all, selfPct: (100 * (self.get(name) ?? 0)) / all }));
  return { costs, totalMs: all };
}

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const { costs, totalMs } = functionCosts(profile);
  const skip = /^\((root|program|idle)\)|^\(anonymous\)$/;
  const line = (c: FunctionCost) => `${c.selfPct.toFixed(1).padStart(5)}% ${c.selfMs.toFixed(0).padStart(7)} ms | ${c.totalPct.toFixed(1).padStart(5)}% ${c.totalMs.toFixed(0).padStart(7)} ms | ${c.name}`;
  const header = '  self %    self | total %   total | function';
  const bySelf = [...costs].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  const byTotal = [...costs].filter((c) => !skip.test(c.name)).sort((a, b) => b.totalMs - a.totalMs).slice(0, top);
  return [`profile: ${totalMs.toFixed(0)} ms sampled`, '', 'by self time:', header, ...bySelf.map(line), '', 'by inclusive time:', header, ...byTotal.map(line)].join('\n');
}

/**
 * Summarises a .cpuprofile: self time by function (top 40) and inclusive time
 * of functions from the collector's own files, as shares of all samples.
 *
 *   node --import tsx bench/ingest/profile-summary.ts FILE.cpuprofile
 */
import { readFile } from 'node:fs/promises';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const profile = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as { nodes: Node[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/work\/main\//, '').replace(/^.*node_modules\//, 'nm:')}:${n.callFrame.lineNumber + 1}`;
const pct = (hits: number) => `${((100 * hits) / total).toFixed(1).padStart(5)} %`;

const self = new Map<string, number>();
for (const n of profile.nodes) self.set(label(n), (self.get(label(n)) ?? 0) + (n.hitCount ?? 0));

// Inclusive time, counted once per function per stack (recursion does not double-count).
const inclusive = new Map<string, number>();
const walk = (id: number, onStack: Set<string>): number => {
  const n = byId.get(id)!;
  const name = label(n);
  let hits = n.hitCount ?? 0;
  const entered = !onStack.has(name);
  if (entered) onStack.add(name);
  for (const child of n.children ?? []) hits += walk(child, onStack);
  if (entered) {
    onStack.delete(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
  return hits;
};
walk(profile.nodes[0]!.id, new Set());

const top = (map: Map<string, number>, n: number, keep: (name: string) => boolean = () => true) =>
  [...map]
    .filter(([name]) => keep(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, hits]) => `${pct(hits)}  ${name}`);
process.stdout.write(
  `${total} samples\n\nself time:\n${top(self, 40).join('\n')}\n\ninclusive, collector/ and schema/:\n${top(inclusive, 50, (name) => / (collector|schema)\//.test(name)).join('\n')}\n`,
);

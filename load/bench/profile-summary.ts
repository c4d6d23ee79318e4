// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by function, top 25, so the
// report can say where a process spends its CPU without opening DevTools.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx load/bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byNode = new Map<number, number>();
profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const selfByFunction = new Map<string, number>();
let total = 0;
for (const n of profile.nodes) {
  const us = byNode.get(n.id) ?? 0;
  total += us;
  const where = n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|server\/src|worker\/src)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${where}:${n.callFrame.lineNumber + 1}`;
  selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
}
const top = [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25));
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
for (const [k, us] of top)
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);

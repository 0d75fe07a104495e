/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and
 * self time by where the code lives (a package under node_modules, our libs/apps, Node itself).
 *
 *   node -r @swc-node/register bench/lib/cpu-profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const places = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    fns.set(`${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim(), (fns.get(`${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()) ?? 0) + us);
    places.set(placeOf(file, functionName), (places.get(placeOf(file, functionName)) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => `| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${name.replace(/\|/g, '\\|')}\` |`)
      .join('\n');
  const wall = (profile.endTime - profile.startTime) / 1e6;
  return [
    `profile: ${wall.toFixed(1)} s wall, ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    '| self | ms | where |',
    '|---|---|---|',
    rows(places, 15),
    '',
    '| self | ms | function |',
    '|---|---|---|',
    rows(fns, top),
  ].join('\n');
}

function placeOf(file: string, functionName: string): string {
  if (!file) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (file.startsWith('node:')) return 'node internals';
  const ours = /^(libs\/[^/]+|apps\/[^/]+|bench)/.exec(file);
  return ours ? ours[1]! : file;
}

if (require.main === module) {
  const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile;
  console.log(summarise(profile, Number(process.argv[3] ?? 25)));
}

// Builds the web app with the TypeScript compiler only (no bundler): apps/web/src/**/*.ts become
// native ES modules in <out>/assets/, and apps/web/public/* is copied next to them
// (index.html at <out>/, everything else in <out>/assets/).
//   node apps/web/build.mjs [--out dist/web]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outFlag = process.argv.indexOf('--out');
const out = resolve(root, outFlag >= 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1] : join('dist', 'web'));
const assets = join(out, 'assets');

if (out === root || root.startsWith(out + sep) || out === parse(out).root) {
  process.stderr.write(`refusing to build into ${out}\n`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json'), '--outDir', assets], { stdio: 'inherit', cwd: root });
} catch {
  process.stderr.write('web app build failed: see the TypeScript errors above\n');
  process.exit(1);
}

for (const name of readdirSync(join(here, 'public'))) {
  copyFileSync(join(here, 'public', name), name === 'index.html' ? join(out, name) : join(assets, name));
}
process.stdout.write(`web app built in ${out}\n`);

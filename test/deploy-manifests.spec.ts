import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..');
const checker = join(root, 'deploy', 'k8s', 'check-manifests.mjs');

async function check(...args: string[]): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await run(process.execPath, [checker, ...args], { cwd: root });
    return { code: 0, lines: stdout.trim().split('\n') };
  } catch (e) {
    const failure = e as { code: number; stdout: string; stderr: string };
    return { code: failure.code, lines: `${failure.stdout}\n${failure.stderr}`.trim().split('\n') };
  }
}

describe('deployment manifests (no cluster, no container engine)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sf-manifests-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('every Kubernetes object is valid against its API schema, the compose file against the Compose Specification, and the runbook checks hold', async () => {
    const { code, lines } = await check();
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(code).toBe(0);
    for (const kind of ['Deployment survivor-fund-api', 'Deployment survivor-fund-worker', 'Service survivor-fund-api', 'ConfigMap survivor-fund-config', 'NetworkPolicy', 'PodDisruptionBudget']) {
      expect(lines.some((l) => l.startsWith('ok') && l.includes(kind) && l.includes('valid against the Kubernetes'))).toBe(true);
    }
    expect(lines).toContain('ok   compose.yml: valid against the Compose Specification');
  });

  it('fails a copy with a wrong type, an unknown kind and a compose typo, naming each', async () => {
    const k8s = join(scratch, 'k8s');
    cpSync(join(root, 'deploy', 'k8s'), k8s, { recursive: true });
    const api = readFileSync(join(k8s, 'api.yaml'), 'utf8');
    expect(api).toMatch(/containerPort: \d+/);
    writeFileSync(join(k8s, 'api.yaml'), api.replace(/containerPort: \d+/, 'containerPort: three-thousand'));
    writeFileSync(join(k8s, 'extra.yaml'), 'apiVersion: v1\nkind: Deploymnet\nmetadata:\n  name: typo\n');
    const compose = join(scratch, 'compose.yml');
    writeFileSync(compose, `${readFileSync(join(root, 'deploy', 'compose.yml'), 'utf8')}\nservces:\n  stray: {}\n`);

    const { code, lines } = await check(k8s, compose);
    expect(code).toBe(1);
    const failures = lines.filter((l) => l.startsWith('FAIL'));
    expect(failures.some((l) => l.includes('api.yaml: Deployment survivor-fund-api') && l.includes('containerPort'))).toBe(true);
    expect(failures.some((l) => l.includes('v1 Deploymnet is a kind the Kubernetes API knows'))).toBe(true);
    expect(failures.some((l) => l.includes('compose.yml: valid against the Compose Specification') && l.includes('additional properties'))).toBe(true);
  });
});

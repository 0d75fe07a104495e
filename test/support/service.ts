import type { ChildProcess } from 'node:child_process';

/**
 * Waits for a spawned service to answer `GET /health`. It fails at once, with its output, if the
 * process exits; otherwise only after `timeoutMs`, which is generous on purpose: starting the
 * app from TypeScript on a loaded two-core machine can take a minute, and a slow start is not
 * a defect.
 */
export async function waitForHealth(base: string, child: ChildProcess, output: () => string = () => '', timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    exited = `exited (${signal ?? `code ${code}`})`;
  };
  child.once('exit', onExit);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) exited ??= `exited (${child.signalCode ?? `code ${child.exitCode}`})`;
      if (exited) throw new Error(`service ${exited} before it answered:\n${output().slice(-2000)}`);
      if (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false)) return;
      if (Date.now() > deadline) throw new Error(`service did not answer /health within ${timeoutMs / 1000} s:\n${output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.off('exit', onExit);
  }
}

/**
 * A port for a service a test starts as a process. Below the kernel's ephemeral range
 * (net.ipv4.ip_local_port_range, 32768-60999 here), so no outgoing connection of the test run
 * can hold it: a random port inside that range once failed a run with EADDRINUSE.
 */
export function servicePort(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}

/**
 * Writes the api's OpenAPI document (the one served at /docs/openapi.json) as JSON.
 *   node -r @swc-node/register apps/api/src/cli/openapi.cli.ts [--out file]
 * The app is built on a throw-away embedded store with its projections paused: nothing is served.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@fund/platform';
import { createApp } from '../create-app';
import { buildOpenApiDocument } from '../openapi';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'sf-openapi-'));
  process.env.SF_SUBSCRIPTIONS_PAUSED = 'true';
  try {
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { web: false });
    app.useLogger(false);
    const json = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
    await app.close();
    if (values.out) {
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileSync(values.out, json);
    }
    else process.stdout.write(json);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

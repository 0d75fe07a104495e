import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { budgetVersusActual, fundPositions, inKindDisclosure, statementOfActivities } from '@fund/audit-ledger';
import { loadConfig } from '@fund/platform';
import { createApp } from '../apps/api/src/create-app';
import { OpenApiContract } from './support/openapi-contract';

/**
 * The check every e2e suite runs on its responses catches drift: a body the document does not
 * describe, a status it does not list, a media type it does not name.
 */
describe('responses are checked against the OpenAPI document', () => {
  let app: INestApplication;
  let dataDir: string;
  let contract: OpenApiContract;
  const fund = { fundId: 'general', name: 'General', restricted: false, status: 'open', receivedCents: 0, disbursedCents: 0, reservedCents: 0, balanceCents: 0, availableCents: 0 };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sf-contract-'));
    app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { web: false });
    // Listening once: supertest would otherwise listen and close a port around every request.
    await app.listen(0, '127.0.0.1');
    contract = OpenApiContract.of(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a body as documented', () => {
    expect(contract.check('GET', '/funds/general', 200, 'application/json; charset=utf-8', JSON.stringify(fund))).toEqual([]);
    expect(contract.check('GET', '/funds/general', 404, 'application/json', JSON.stringify({ statusCode: 404, code: 'FUND.NOT_FOUND', message: 'No fund with this id' }))).toEqual([]);
  });

  it('refuses a body that drifted from its schema: a missing field, a wrong type, an undocumented field', () => {
    const { availableCents: _dropped, ...missing } = fund;
    expect(contract.check('GET', '/funds/general', 200, 'application/json', JSON.stringify(missing))).toEqual([expect.stringContaining('availableCents')]);
    expect(contract.check('GET', '/funds/general', 200, 'application/json', JSON.stringify({ ...fund, receivedCents: '12.00' }))).toEqual([expect.stringContaining('receivedCents')]);
    expect(contract.check('GET', '/funds/general', 200, 'application/json', JSON.stringify({ ...fund, donors: [] }))).not.toEqual([]);
    expect(contract.check('GET', '/funds/general', 404, 'application/json', JSON.stringify({ error: 'not found' }))).not.toEqual([]);
  });

  it('describes the financial statements as the pure statements build them (one schema name per shape)', () => {
    const period = { from: '2026-10-01', to: '2026-12-31' };
    const grant = {
      fundId: 'voca',
      name: 'VOCA subaward',
      restricted: true,
      awardReference: '2026-V2-GX-0042',
      periodOfPerformance: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
      budgetLines: [{ lineId: 'housing', categories: ['lodging'], amountCents: 300_000 }],
    };
    const body = {
      coalition: 'Survivor support fund coalition',
      period,
      generatedAt: '2026-12-07T12:00:00.000Z',
      activities: statementOfActivities([], period),
      fundPositions: fundPositions([], period, [grant]),
      budgetVersusActual: budgetVersusActual([], period, [grant]),
      inKindDisclosure: inKindDisclosure([], period),
    };
    expect(contract.check('GET', '/ledger/statements?from=2026-10-01&to=2026-12-31', 200, 'application/json', JSON.stringify(body))).toEqual([]);
  });

  it('refuses a status or a media type the operation does not document, and an unknown operation', () => {
    expect(contract.check('GET', '/funds/general', 418, 'application/json', '{}')).toEqual([expect.stringContaining('status 418 is not documented')]);
    expect(contract.check('GET', '/ledger/export.csv?from=2026-01-01&to=2026-01-31', 200, 'application/json', '{}')).toEqual([expect.stringContaining('media type')]);
    expect(contract.check('GET', '/ledger/export.csv?from=2026-01-01&to=2026-01-31', 200, 'text/csv; charset=utf-8', 'a,b\n')).toEqual([]);
    expect(contract.check('DELETE', '/funds/general', 200, 'application/json', '{}')).toEqual([expect.stringContaining('not in the OpenAPI document')]);
  });
});

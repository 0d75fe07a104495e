/**
 * `npm run demo`: starts the service and, on an empty store, seeds a realistic fund through the
 * public HTTP API (a protocol, member agencies, donations of money and goods, and requests in
 * every state) so a new user has something to look at. It prints the web app's address and a
 * sign-in token per role, then keeps serving.
 */
import 'reflect-metadata';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@fund/auth';
import type { Role } from '@fund/event-sourcing';
import { loadConfigOrExit } from '@fund/platform';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { createApp } from '../create-app';

type Json = Record<string, unknown>;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  const key = loadOrCreateLocalSigningKey(config.DATA_DIR);
  const tokens = new Map<string, string>();
  const as = async (userId: string, role: Role, organizationId: string) => {
    const token = tokens.get(userId) ?? (await mintLocalToken(key, { userId, role, organizationId }, 12 * 3600));
    tokens.set(userId, token);
    return token;
  };

  const call = async (method: 'GET' | 'POST', path: string, token: string, body?: Json): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const must = async (method: 'GET' | 'POST', path: string, token: string, body?: Json): Promise<Json> => {
    const res = await call(method, path, token, body);
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${String(res.body.code)}: ${String(res.body.message)}`);
    return res.body;
  };

  const coord = await as('coord-1', 'coordinator', 'coalition');
  const coord2 = await as('coord-2', 'coordinator', 'coalition');
  /** Where to go and a token for each role, ready to paste on the web app's sign-in page. */
  const signIns = async (): Promise<string> => {
    const people: [Role, string, string][] = [
      ['provider', 'adv-portland', 'ssac-portland'],
      ['council', 'council-3', 'vw-augusta'],
      ['coordinator', 'coord-1', 'coalition'],
      ['auditor', 'auditor-1', 'coalition'],
      ['funder', 'funder-1', 'maine-foundation'],
    ];
    const lines = [`Web app: ${base}/  (paste one of these tokens on its sign-in page; each is valid for 12 hours)`];
    for (const [role, userId, organizationId] of people) lines.push(`  ${role.padEnd(11)} ${userId} (${organizationId})`, `    ${await as(userId, role, organizationId)}`);
    lines.push(`API documentation: ${base}/docs. Another token: npm run -s token -- --role <role> --org <organization> --user <user id>`);
    return lines.join('\n');
  };
  if ((await call('GET', '/protocols/current', coord)).status === 200) {
    console.log(`Demo data already present.\n${await signIns()}`);
    return;
  }

  await must('POST', '/protocols/bootstrap', coord, { version: '2026-1', title: 'Flexible emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
  await must('POST', '/funds', coord, { fundId: 'general', name: 'General donations', restricted: false });
  await must('POST', '/funds', coord, { fundId: 'voca-2026', name: 'VOCA emergency assistance grant 2026', restricted: true });
  for (const [fundId, amountCents, donorKind, restricted] of [
    ['general', 250_000, 'individual', false],
    ['general', 500_000, 'organization', false],
    ['general', 30_000, 'anonymous', false],
    ['voca-2026', 1_000_000, 'grant', true],
  ] as const) {
    await must('POST', '/donations/monetary', coord, { fundId, amountCents, donorKind, restricted, receivedOn: '2026-10-06' });
  }
  // A VOCA-like subaward: what it pays for, its period of performance and liquidation window,
  // budget lines and a 25% match. Approvals that name no fund draw on it first for what it
  // allows (gift cards are not among them, so grocery cards are paid from general donations).
  await must('POST', '/funds/voca-2026/restrictions', coord, {
    purpose: {
      categories: ['lodging', 'relocation', 'transportation', 'phone_card', 'groceries', 'winter_gear', 'childcare'],
      paymentMethods: ['vendor_payment', 'bus_pass', 'phone_card'],
    },
    period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
    budgetLines: [
      { lineId: 'housing', categories: ['lodging', 'relocation'], amountCents: 600_000 },
      { lineId: 'transport-and-phones', categories: ['transportation', 'phone_card'], amountCents: 150_000 },
      { lineId: 'basic-needs', categories: ['groceries', 'winter_gear', 'childcare'], amountCents: 250_000 },
    ],
    match: { requiredCents: 250_000 },
    reference: 'Subaward 2026 as awarded',
  });
  await must('POST', '/donations/in-kind', coord, {
    donorKind: 'organization',
    receivedOn: '2026-10-14',
    items: [
      { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', quantity: 10, unitValueCents: 2_500, valuationMethod: 'face_value', serials: serials('GC', 10) },
      { itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 20, unitValueCents: 4_000, valuationMethod: 'face_value', serials: serials('BP', 20) },
      { itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 15, unitValueCents: 6_000, valuationMethod: 'fair_market_value' },
    ],
  });

  const agencies = [
    ['ssac-portland', 'sexual_assault_center', 'cumberland'],
    ['dv-bangor', 'domestic_violence_center', 'penobscot'],
    ['immigrant-lewiston', 'immigrant_services', 'androscoggin'],
    ['vw-augusta', 'victim_witness_coordinator', 'kennebec'],
    ['ats-york', 'anti_trafficking_program', 'york'],
  ] as const;
  for (const [organizationId, providerType, county] of agencies) await must('POST', '/organizations', coord, { organizationId, providerType, county });

  const portland = await as('adv-portland', 'provider', 'ssac-portland');
  const bangor = await as('adv-bangor', 'provider', 'dv-bangor');
  const lewiston = await as('adv-lewiston', 'provider', 'immigrant-lewiston');
  const council1 = await as('council-1', 'council', 'dv-bangor');
  const council2 = await as('council-2', 'council', 'immigrant-lewiston');
  const council3 = await as('council-3', 'council', 'vw-augusta');
  const council4 = await as('council-4', 'council', 'ssac-portland');

  const reference = async (token: string) => String((await must('POST', '/survivor-references', token)).reference);
  const request = async (token: string, body: Json) =>
    String((await must('POST', '/fund-requests', token, { neededBy: '2099-12-31', urgency: 'standard', ...body })).requestId);
  const vote = (id: string, token: string, body: Json) => must('POST', `/fund-requests/${id}/votes`, token, body);

  const refP = await reference(portland);
  const refB = await reference(bangor);
  const refL = await reference(lewiston);

  // Awaiting votes.
  await request(portland, { survivorReference: refP, category: 'groceries', amountCents: 12_000, paymentMethod: 'gift_card', demographics: { ageBand: '25_59', traffickingType: 'sex', county: 'cumberland' } });
  // A question open.
  const asked = await request(bangor, { survivorReference: refB, category: 'transportation', amountCents: 8_000, paymentMethod: 'bus_pass', urgency: 'urgent' });
  await must('POST', `/fund-requests/${asked}/information-requests`, council2, { questionCode: 'timing' });
  // Approved by two members, waiting to be paid.
  const approved = await request(lewiston, { survivorReference: refL, category: 'lodging', amountCents: 30_000, paymentMethod: 'vendor_payment', demographics: { traffickingType: 'labor', citizenship: 'foreign_national' } });
  await vote(approved, council1, { vote: 'approve', amountCents: 30_000 });
  await vote(approved, council3, { vote: 'approve', amountCents: 28_000 });
  // An emergency decided by the on-call member, not yet ratified.
  const expedited = await request(portland, { survivorReference: refP, category: 'phone_card', amountCents: 5_000, paymentMethod: 'phone_card', urgency: 'emergency' });
  await vote(expedited, council2, { vote: 'approve', amountCents: 5_000 });
  // Paid partly in money and partly from donated stock; the receipt is due.
  const paid = await request(bangor, { survivorReference: refB, category: 'winter_gear', amountCents: 20_000, paymentMethod: 'vendor_payment', demographics: { ageBand: '13_17' } });
  await vote(paid, council2, { vote: 'approve', amountCents: 20_000 });
  await must('POST', `/fund-requests/${paid}/disbursements`, coord, { source: 'stock', itemId: 'winter-coat', quantity: 1 });
  await must('POST', `/fund-requests/${paid}/disbursements`, coord, { source: 'money', amountCents: 9_000, paymentMethod: 'vendor_payment' });
  // Paid by check, then the payment voided (the check came back uncashed): the money is owed again.
  const voided = await request(lewiston, { survivorReference: refL, category: 'transportation', amountCents: 7_000, paymentMethod: 'vendor_payment' });
  await vote(voided, council1, { vote: 'approve', amountCents: 7_000 });
  const check = await must('POST', `/fund-requests/${voided}/disbursements`, coord, { source: 'money', amountCents: 7_000, paymentMethod: 'vendor_payment' });
  await must('POST', `/fund-requests/${voided}/disbursements/${String(check.disbursementId)}/void`, coord);
  // The whole life: approved, paid in gift cards and money, receipt recorded, closed.
  const closed = await request(portland, { survivorReference: refP, category: 'groceries', amountCents: 10_000, paymentMethod: 'gift_card' });
  await vote(closed, council1, { vote: 'approve', amountCents: 10_000 });
  await must('POST', `/fund-requests/${closed}/disbursements`, coord2, { source: 'stock', itemId: 'gift-card-grocery-25', quantity: 2, serials: ['GC-0001', 'GC-0002'] });
  const money = await must('POST', `/fund-requests/${closed}/disbursements`, coord2, { source: 'money', amountCents: 4_000, paymentMethod: 'gift_card', giftCardFaceValueCents: 4_000 });
  await must('POST', `/fund-requests/${closed}/disbursements/${String(money.disbursementId)}/receipt`, portland, { amountCents: 4_000 });
  await must('POST', `/fund-requests/${closed}/closure`, coord);
  // Denied with a reason code.
  const denied = await request(lewiston, { survivorReference: refL, category: 'relocation', amountCents: 45_000, paymentMethod: 'vendor_payment' });
  await vote(denied, council1, { vote: 'deny', reasonCode: 'other_resources_available' });
  await vote(denied, council4, { vote: 'deny', reasonCode: 'other_resources_available' });
  // Withdrawn by the advocate.
  const withdrawn = await request(bangor, { survivorReference: refB, category: 'childcare', amountCents: 6_000, paymentMethod: 'vendor_payment' });
  await must('POST', `/fund-requests/${withdrawn}/withdrawal`, bangor);
  // October's books closed: its gifts sealed in the ledger's closing entry, the digest on GET /ledger/periods.
  // A demo started before October has ended (and its day of grace) leaves it open.
  const october = await call('POST', '/ledger/periods', coord, { kind: 'month', period: '2026-10' });
  if (october.status >= 300 && october.body.code !== 'PERIOD.NOT_ENDED') throw new Error(`POST /ledger/periods -> ${october.status} ${String(october.body.code)}`);

  console.log(`Demo fund seeded.\n${await signIns()}`);
}

function serials(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

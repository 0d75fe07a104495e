/**
 * The demo fund, seeded on an empty store through the public HTTP API as its users would: a
 * protocol, member agencies, donations of money and goods, payees, requests in every state (one
 * receipt with its document), gift cards bought and counted under dual control, spending plans, a
 * closed month and a grant ending today. Used by
 * `npm run demo` and, in-process, by the "first ten minutes" browser suite.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateOrReject } from 'class-validator';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Actor, Role } from '@fund/event-sourcing';
import { SubmitFundRequestCommand, SubmitFundRequestDto } from '@fund/fund-requests';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';

type Json = Record<string, unknown>;

/** Everyone the demo acts as; `npm run demo` prints a token for the first of each role. */
export const DEMO_PEOPLE: readonly Actor[] = [
  { userId: 'adv-portland', role: 'provider', organizationId: 'ssac-portland' },
  { userId: 'adv-bangor', role: 'provider', organizationId: 'dv-bangor' },
  { userId: 'adv-lewiston', role: 'provider', organizationId: 'immigrant-lewiston' },
  { userId: 'council-3', role: 'council', organizationId: 'vw-augusta' },
  { userId: 'council-1', role: 'council', organizationId: 'dv-bangor' },
  { userId: 'council-2', role: 'council', organizationId: 'immigrant-lewiston' },
  { userId: 'council-4', role: 'council', organizationId: 'ssac-portland' },
  { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' },
  { userId: 'coord-2', role: 'coordinator', organizationId: 'coalition' },
  { userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' },
  { userId: 'funder-1', role: 'funder', organizationId: 'maine-foundation' },
];

export interface DemoTarget {
  /** Where the api answers, e.g. http://127.0.0.1:3000. */
  readonly base: string;
  /** The running app: a request submitted weeks ago goes through its command bus (see seedExpiredRequest). */
  readonly app: INestApplicationContext;
  /** A bearer token for one of DEMO_PEOPLE. */
  readonly tokenFor: (person: Actor) => Promise<string>;
  /** Sees each answer, e.g. for its consistency token (X-Position). */
  readonly observe?: (res: Response) => void;
}

/** The seeded requests by what happened to them, for whoever wants to look at one. */
export interface DemoRequests {
  readonly awaitingVote: string;
  readonly questionOpen: string;
  readonly approved: string;
  readonly expedited: string;
  readonly partlyPaid: string;
  readonly paymentVoided: string;
  readonly closed: string;
  readonly denied: string;
  readonly withdrawn: string;
  readonly expired: string;
  /** Approved, its reservation held by a small grant whose period of performance ends today (offered for close-out, not closed). */
  readonly grantEndingToday: string;
}

/** The card purchase and count the demo seeds, for whoever looks them up in the gift-card log. */
export const DEMO_CARD_PURCHASE = { purchaseId: 'po-4471', itemId: 'grocery-card-50', serials: ['GP-0001', 'GP-0002', 'GP-0003'], missing: 'GP-0002', countId: 'count-nov-safe' } as const;

/** Seeds the demo fund on an empty store; throws on any refusal (naming the route and code). */
export async function seedDemo(target: DemoTarget): Promise<DemoRequests> {
  const tokens = new Map<string, string>();
  const person = (userId: string): Actor => {
    const found = DEMO_PEOPLE.find((p) => p.userId === userId);
    if (!found) throw new Error(`not a demo person: ${userId}`);
    return found;
  };
  const as = async (userId: string): Promise<string> => {
    const token = tokens.get(userId) ?? (await target.tokenFor(person(userId)));
    tokens.set(userId, token);
    return token;
  };
  const must = async (method: 'GET' | 'POST', path: string, userId: string, body?: Json): Promise<Json> => {
    const res = await fetch(`${target.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${await as(userId)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    target.observe?.(res);
    const json = (await res.json()) as Json;
    if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status} ${String(json.code)}: ${String(json.message)}`);
    return json;
  };

  await must('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Flexible emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
  await must('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
  await must('POST', '/funds', 'coord-1', { fundId: 'voca-2026', name: 'VOCA emergency assistance grant 2026', restricted: true });
  for (const [fundId, amountCents, donorKind, restricted] of [
    ['general', 250_000, 'individual', false],
    ['general', 500_000, 'organization', false],
    ['general', 30_000, 'anonymous', false],
    ['voca-2026', 1_000_000, 'grant', true],
  ] as const) {
    await must('POST', '/donations/monetary', 'coord-1', { fundId, amountCents, donorKind, restricted, receivedOn: '2026-10-06' });
  }
  // A VOCA-like subaward: what it pays for, its period of performance and liquidation window,
  // budget lines and a 25% match. Approvals that name no fund draw on it first for what it
  // allows (gift cards are not among them, so grocery cards are paid from general donations).
  await must('POST', '/funds/voca-2026/restrictions', 'coord-1', {
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
  await must('POST', '/donations/in-kind', 'coord-1', {
    donorKind: 'organization',
    receivedOn: '2026-10-14',
    items: [
      { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', quantity: 10, unitValueCents: 2_500, valuationMethod: 'face_value', serials: serials('GC', 10) },
      { itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', quantity: 20, unitValueCents: 4_000, valuationMethod: 'face_value', serials: serials('BP', 20) },
      { itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 15, unitValueCents: 6_000, valuationMethod: 'fair_market_value' },
    ],
  });

  // The businesses the fund pays (never a person): the grocer the cards are bought from, the outfitter paid by check.
  await must('POST', '/payees', 'coord-1', { payeeId: 'kennebec-grocers', name: 'Kennebec Grocers Co-op', kind: 'business', taxId: '01-0456789' });
  await must('POST', '/payees', 'coord-1', { payeeId: 'pine-state-outfitters', name: 'Pine State Outfitters LLC', kind: 'business', taxId: null });

  const agencies = [
    ['ssac-portland', 'sexual_assault_center', 'cumberland'],
    ['dv-bangor', 'domestic_violence_center', 'penobscot'],
    ['immigrant-lewiston', 'immigrant_services', 'androscoggin'],
    ['vw-augusta', 'victim_witness_coordinator', 'kennebec'],
    ['ats-york', 'anti_trafficking_program', 'york'],
  ] as const;
  for (const [organizationId, providerType, county] of agencies) await must('POST', '/organizations', 'coord-1', { organizationId, providerType, county });

  const upload = async (path: string, userId: string, bytes: Uint8Array): Promise<{ documentId: string }> => {
    const res = await fetch(`${target.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await as(userId)}`, 'content-type': 'application/pdf' }, body: bytes });
    target.observe?.(res);
    const json = (await res.json()) as Json;
    if (res.status >= 300) throw new Error(`POST ${path} -> ${res.status} ${String(json.code)}: ${String(json.message)}`);
    return { documentId: String(json.documentId) };
  };
  const reference = async (userId: string) => String((await must('POST', '/survivor-references', userId)).reference);
  const request = async (userId: string, body: Json) =>
    String((await must('POST', '/fund-requests', userId, { neededBy: '2099-12-31', urgency: 'standard', ...body })).requestId);
  const vote = (id: string, userId: string, body: Json) => must('POST', `/fund-requests/${id}/votes`, userId, body);

  const refP = await reference('adv-portland');
  const refB = await reference('adv-bangor');
  const refL = await reference('adv-lewiston');

  // Awaiting votes.
  const awaitingVote = await request('adv-portland', { survivorReference: refP, category: 'groceries', amountCents: 12_000, paymentMethod: 'gift_card', demographics: { ageBand: '25_59', traffickingType: 'sex', county: 'cumberland' } });
  // A question open.
  const questionOpen = await request('adv-bangor', { survivorReference: refB, category: 'transportation', amountCents: 8_000, paymentMethod: 'bus_pass', urgency: 'urgent' });
  await must('POST', `/fund-requests/${questionOpen}/information-requests`, 'council-2', { questionCode: 'timing' });
  // Approved by two members, waiting to be paid.
  const approved = await request('adv-lewiston', { survivorReference: refL, category: 'lodging', amountCents: 30_000, paymentMethod: 'vendor_payment', demographics: { traffickingType: 'labor', citizenship: 'foreign_national' } });
  await vote(approved, 'council-1', { vote: 'approve', amountCents: 30_000 });
  await vote(approved, 'council-3', { vote: 'approve', amountCents: 28_000 });
  // An emergency decided by the on-call member, not yet ratified.
  const expedited = await request('adv-portland', { survivorReference: refP, category: 'phone_card', amountCents: 5_000, paymentMethod: 'phone_card', urgency: 'emergency' });
  await vote(expedited, 'council-2', { vote: 'approve', amountCents: 5_000 });
  // Paid partly in money and partly from donated stock; the receipt is due.
  const partlyPaid = await request('adv-bangor', { survivorReference: refB, category: 'winter_gear', amountCents: 20_000, paymentMethod: 'vendor_payment', demographics: { ageBand: '13_17' } });
  await vote(partlyPaid, 'council-2', { vote: 'approve', amountCents: 20_000 });
  await must('POST', `/fund-requests/${partlyPaid}/disbursements`, 'coord-1', { source: 'stock', itemId: 'winter-coat', quantity: 1 });
  await must('POST', `/fund-requests/${partlyPaid}/disbursements`, 'coord-1', { source: 'money', amountCents: 9_000, paymentMethod: 'vendor_payment', payeeId: 'pine-state-outfitters', paymentReference: { kind: 'check_number', value: '1042' } });
  // Paid by check, then the payment voided (the check came back uncashed): the money is owed again.
  const paymentVoided = await request('adv-lewiston', { survivorReference: refL, category: 'transportation', amountCents: 7_000, paymentMethod: 'vendor_payment' });
  await vote(paymentVoided, 'council-1', { vote: 'approve', amountCents: 7_000 });
  const check = await must('POST', `/fund-requests/${paymentVoided}/disbursements`, 'coord-1', { source: 'money', amountCents: 7_000, paymentMethod: 'vendor_payment' });
  await must('POST', `/fund-requests/${paymentVoided}/disbursements/${String(check.disbursementId)}/void`, 'coord-1');
  // The whole life: approved, paid in gift cards and money, receipt recorded, closed.
  const closed = await request('adv-portland', { survivorReference: refP, category: 'groceries', amountCents: 10_000, paymentMethod: 'gift_card' });
  await vote(closed, 'council-1', { vote: 'approve', amountCents: 10_000 });
  await must('POST', `/fund-requests/${closed}/disbursements`, 'coord-2', { source: 'stock', itemId: 'gift-card-grocery-25', quantity: 2, serials: ['GC-0001', 'GC-0002'] });
  const money = await must('POST', `/fund-requests/${closed}/disbursements`, 'coord-2', {
    source: 'money',
    amountCents: 4_000,
    paymentMethod: 'gift_card',
    giftCardFaceValueCents: 4_000,
    payeeId: 'kennebec-grocers',
    paymentReference: { kind: 'vendor_invoice', value: 'INV-20417' },
  });
  // The advocate attaches the store's receipt (a generated PDF, no personal data) and records the receipt with it.
  const receipt = await upload(`/fund-requests/${closed}/documents?kind=receipt&disbursementId=${String(money.disbursementId)}`, 'adv-portland', await receiptPdf());
  await must('POST', `/fund-requests/${closed}/disbursements/${String(money.disbursementId)}/receipt`, 'adv-portland', { amountCents: 4_000, documentId: receipt.documentId });
  await must('POST', `/fund-requests/${closed}/closure`, 'coord-1');
  // Denied with a reason code.
  const denied = await request('adv-lewiston', { survivorReference: refL, category: 'relocation', amountCents: 45_000, paymentMethod: 'vendor_payment' });
  await vote(denied, 'council-1', { vote: 'deny', reasonCode: 'other_resources_available' });
  await vote(denied, 'council-4', { vote: 'deny', reasonCode: 'other_resources_available' });
  // Withdrawn by the advocate.
  const withdrawn = await request('adv-bangor', { survivorReference: refB, category: 'childcare', amountCents: 6_000, paymentMethod: 'vendor_payment' });
  await must('POST', `/fund-requests/${withdrawn}/withdrawal`, 'adv-bangor');
  const expired = await seedExpiredRequest(target, refB, must);
  await seedCardCustody(must);
  await seedSpendingPlans(must);
  // October's books closed: its gifts sealed in the ledger's closing entry, the digest on GET /ledger/periods.
  // A demo started before October has ended (and its day of grace) leaves it open.
  try {
    await must('POST', '/ledger/periods', 'coord-1', { kind: 'month', period: '2026-10' });
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('PERIOD.NOT_ENDED'))) throw error;
  }
  const grantEndingToday = await seedGrantEndingToday(must, reference, request);
  return { awaitingVote, questionOpen, approved, expedited, partlyPaid, paymentVoided, closed, denied, withdrawn, expired, grantEndingToday };
}

type Must = (method: 'GET' | 'POST', path: string, userId: string, body?: Json) => Promise<Json>;

/**
 * Gift-card custody under dual control (ADR 0019): coord-1 buys three $50 grocery cards from general
 * money, coord-2 confirms they arrived into the office safe, coord-2 counts the safe and finds one
 * missing, and coord-1 approves its write-off. Dated in November, after the month the demo closes.
 */
async function seedCardCustody(must: Must): Promise<void> {
  const { purchaseId, itemId, serials: bought, missing, countId } = DEMO_CARD_PURCHASE;
  await must('POST', '/card-purchases', 'coord-1', {
    purchaseId,
    fundId: 'general',
    payeeId: 'kennebec-grocers',
    itemId,
    kind: 'gift_card',
    category: 'groceries',
    faceValueCents: 5_000,
    serials: bought,
    feesCents: 597,
    paidOn: '2026-11-16',
    paymentReference: { kind: 'check_number', value: '1057' },
  });
  await must('POST', `/card-purchases/${purchaseId}/receipt`, 'coord-2', { receivedOn: '2026-11-17', custodian: 'office-safe' });
  await must('POST', `/stock/${itemId}/counts`, 'coord-2', { countId, custodian: 'office-safe', countedOn: '2026-11-30', countedSerials: bought.filter((s) => s !== missing) });
  await must('POST', `/stock-counts/${countId}/approval`, 'coord-1');
}

/**
 * Budget pacing (ADR 0021): general money planned monthly over the fiscal year (the year's
 * donations / 12), and the VOCA grant's housing line quarterly over its period of performance.
 */
async function seedSpendingPlans(must: Must): Promise<void> {
  const fiscalMonths = Array.from({ length: 12 }, (_, i) => `${2026 + Math.floor((9 + i) / 12)}-${String(((9 + i) % 12) + 1).padStart(2, '0')}`);
  await must('POST', '/funds/general/spending-plan', 'coord-1', {
    cadence: 'month',
    periods: fiscalMonths.map((start) => ({ start, amountCents: 65_000 })),
    warnings: { lowBalanceCents: 50_000, overPacePercent: 15 },
  });
  await must('POST', '/funds/voca-2026/spending-plan', 'coord-1', {
    budgetLineId: 'housing',
    cadence: 'quarter',
    periods: ['2026-10', '2027-01', '2027-04', '2027-07'].map((start) => ({ start, amountCents: 150_000 })),
    warnings: { lowBalanceCents: 50_000, overPacePercent: 15 },
  });
}

/**
 * A small foundation grant for medical co-pays whose period of performance ends today, holding one
 * approved request's reservation, so the statements screen offers its close-out. Seeded last and
 * named by the vote, so no earlier approval draws on it; nothing closes it.
 */
async function seedGrantEndingToday(must: Must, reference: (userId: string) => Promise<string>, request: (userId: string, body: Json) => Promise<string>): Promise<string> {
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  await must('POST', '/funds', 'coord-1', { fundId: 'copay-bridge', name: 'Medical co-pay bridge grant', restricted: true });
  await must('POST', '/funds/copay-bridge/restrictions', 'coord-1', {
    purpose: { categories: ['medical'], paymentMethods: ['vendor_payment'] },
    period: { firstDay: day(-90), lastDay: day(0), liquidationDeadline: day(30) },
    budgetLines: [{ lineId: 'co-pays', categories: ['medical'], amountCents: 40_000 }],
    reference: 'Foundation co-pay award',
  });
  await must('POST', '/donations/monetary', 'coord-1', { fundId: 'copay-bridge', amountCents: 40_000, donorKind: 'grant', restricted: true, receivedOn: day(0) });
  const id = await request('adv-lewiston', { survivorReference: await reference('adv-lewiston'), category: 'medical', amountCents: 6_500, paymentMethod: 'vendor_payment' });
  await must('POST', `/fund-requests/${id}/votes`, 'council-3', { vote: 'approve', amountCents: 6_500, fundId: 'copay-bridge' });
  return id;
}

/** A one-page store receipt as a PDF, generated here: no person, place or device in it. */
async function receiptPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([300, 220]);
  ['Kennebec Grocers Co-op', 'Gift card, groceries   $40.00', 'Total                  $40.00', 'Paid: invoice INV-20417'].forEach((line, i) => page.drawText(line, { x: 24, y: 180 - i * 28, size: 12, font }));
  return pdf.save();
}

/**
 * A request nobody decided within the protocol's window, expired by a coordinator. Expiry is
 * refused until `requestExpiryDays` after submission, so the submission is dated that long ago
 * (plus a day): it goes through the same DTO rules, handler and decider as POST /fund-requests,
 * only with the command's clock reading set back, which HTTP cannot do. The expiry itself is an
 * ordinary POST .../expiry now.
 */
async function seedExpiredRequest(target: DemoTarget, survivorReference: string, must: (method: 'POST', path: string, userId: string, body?: Json) => Promise<Json>): Promise<string> {
  const submittedAt = new Date(Date.now() - (DEMO_PROTOCOL_RULES.requestExpiryDays + 1) * 86_400_000);
  const body = plainToInstance(SubmitFundRequestDto, { survivorReference, category: 'hygiene', amountCents: 3_500, paymentMethod: 'gift_card', urgency: 'standard', neededBy: '2099-12-31' });
  await validateOrReject(body, { whitelist: true, forbidNonWhitelisted: true });
  const actor: Actor = { userId: 'adv-bangor', role: 'provider' satisfies Role, organizationId: 'dv-bangor' };
  const { requestId } = await target.app.get(CommandBus).execute(new SubmitFundRequestCommand(randomUUID(), body, { actor, correlationId: randomUUID(), now: submittedAt }));
  await must('POST', `/fund-requests/${requestId}/expiry`, 'coord-1');
  return requestId;
}

function serials(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
}

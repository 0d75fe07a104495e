import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { checkAccessibility, describeWithChromium, DESKTOP, PHONE, sidewaysOverflow, WebSuite } from './browser';

function monthsAgo(back: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/**
 * Issue 15, capability 5 on screen: a coordinator closes a month after confirming, sees the
 * digest of the trial balance its closing entry sealed, and is told a second close is refused;
 * an auditor reads the same on a phone. axe-core clean, no sideways scrolling.
 */
describeWithChromium('web app: closed periods (Chromium)', () => {
  let suite: WebSuite;
  const closedMonth = monthsAgo(2);

  beforeAll(async () => {
    suite = await WebSuite.start([
      { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' },
      { userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' },
      { userId: 'coord-2', role: 'coordinator', organizationId: 'coalition' },
    ]);
    const api = suite.api.bind(suite);
    await api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 250_000, restricted: false, donorKind: 'individual', receivedOn: `${closedMonth}-06` });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 40_000, restricted: false, donorKind: 'organization', receivedOn: `${monthsAgo(1)}-03` });
    // Gift cards (capability 4): bought by one coordinator, received by another, one found missing in a count and written off with a second approval.
    const today = new Date().toISOString().slice(0, 10);
    await api('POST', '/payees', 'coord-1', { payeeId: 'grocer-co', name: 'Grocer Co', kind: 'business', taxId: null });
    await api('POST', '/card-purchases', 'coord-1', {
      purchaseId: 'po-grocery-1',
      fundId: 'general',
      payeeId: 'grocer-co',
      itemId: 'grocery-card-50',
      kind: 'gift_card',
      category: 'groceries',
      faceValueCents: 5_000,
      serials: ['GC-7001', 'GC-7002', 'GC-7003'],
      feesCents: 597,
      paidOn: today,
      paymentReference: { kind: 'check_number', value: '4412' },
    });
    await api('POST', '/card-purchases/po-grocery-1/receipt', 'coord-2', { receivedOn: today, custodian: 'office-safe' });
    await api('POST', '/stock/grocery-card-50/counts', 'coord-2', { countId: 'count-safe-1', custodian: 'office-safe', countedOn: today, countedSerials: ['GC-7001', 'GC-7003'] });
    await api('POST', '/stock-counts/count-safe-1/approval', 'coord-1');
  }, 300_000);

  afterAll(async () => suite?.close());
  afterEach(() => expect(suite.pageErrors.splice(0)).toEqual([]));

  it('a coordinator closes a month after confirming, and sees the digest it sealed; a second close is refused in words', async () => {
    const page = await suite.newPage(DESKTOP);
    await suite.signIn(page, 'coord-1', 'Closed periods', '/app/periods');
    await page.getByText('No period is closed yet.').waitFor();
    await page.getByLabel('Period', { exact: true }).fill(closedMonth);
    await page.getByRole('button', { name: 'Close the period' }).click();
    const dialog = page.getByRole('dialog', { name: `Close ${closedMonth}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close the period' }).click();
    await page.getByText(`${closedMonth} is closed.`).first().waitFor();
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: new RegExp(`^Month ${closedMonth}`) }) });
    await card.waitFor();
    expect(await card.getByText('The ledger today still gives this digest.').count()).toBe(1);
    expect(await card.locator('code.digest').innerText()).toMatch(/^([0-9a-f]{8}\s?){8}$/);
    await card.getByText(/Trial balance: \d+ accounts/).click();
    expect(await card.getByRole('table').innerText()).toContain('cash:');
    await checkAccessibility(page, 'closed periods (coordinator)');
    expect(await sidewaysOverflow(page)).toBe(0);
    await suite.shot(page, 'closed-periods', true);

    await page.getByRole('button', { name: 'Close the period' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close the period' }).click();
    await page.getByText(/already closed/).first().waitFor();
    await page.context().close();
  });

  it('an auditor reads the gift-card log: each serial bought, received by a second coordinator, the missing one written off after a count; CSV download', async () => {
    for (const [prefix, viewport] of [
      ['', DESKTOP],
      ['phone-', PHONE],
    ] as const) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'auditor-1', 'Gift-card log', '/app/gift-cards');
      await page.getByText('3 cards: 2 on hand ($100.00), 0 handed over, 1 written off.').waitFor();
      const table = page.getByRole('table', { name: /Gift cards and passes/ });
      const missing = table.getByRole('row', { name: /GC-7002/ });
      expect((await missing.innerText()).replace(/\s+/g, ' ')).toMatch(/^GC-7002 grocery-card-50 · Gift card Written off \$50\.00 .+ held by office-safe received by coord-2 .+ Count correction — Missing in count-safe-1 \(.+\), written off Bought, po-grocery-1 from grocer-co, paid .+ by coord-1$/);
      await checkAccessibility(page, `gift-card log (auditor, ${viewport.width}px)`);
      expect(await sidewaysOverflow(page)).toBe(0);
      await suite.shot(page, `${prefix}auditor-gift-card-log`, prefix !== '');
      if (!prefix) {
        await page.getByRole('button', { name: 'Download CSV' }).click();
        await page.getByRole('link', { name: /^save gift-card-log-\d{4}-\d{2}-\d{2}\.csv$/ }).waitFor();
      }
      await page.context().close();
    }
  }, 180_000);

  it('coordinators keep custody on screen: one records a purchase and cannot confirm it, a second confirms on a phone', async () => {
    const page = await suite.newPage(DESKTOP);
    await suite.signIn(page, 'coord-1', 'Gift-card log', '/app/gift-cards');
    const buy = page.getByRole('form', { name: 'Record a card purchase' });
    await buy.getByLabel('Purchase id').fill('po-grocery-2');
    await buy.getByLabel('Paid from fund').fill('general');
    await buy.getByLabel('Vendor (payee id)').fill('grocer-co');
    await buy.getByLabel('Stock item').fill('grocery-card-50');
    await buy.getByLabel('Expense category').selectOption('groceries');
    await buy.getByLabel('Face value of one card (US$)').fill('50');
    await buy.getByLabel('Card serials').fill('GC-8001 GC-8002');
    await buy.getByLabel('Payment reference').selectOption('check_number');
    await buy.getByLabel('Reference number').fill('4413');
    await buy.getByRole('button', { name: 'Record the purchase' }).click();
    await page.locator('.page-status').getByText(/^Purchase po-grocery-2 recorded: 2 cards, \$100\.00 paid from general\./).waitFor();
    const mine = page.getByRole('form', { name: 'Confirm the cards of po-grocery-2 arrived' });
    await mine.getByLabel('Held by (custodian)').fill('office-safe');
    await mine.getByRole('button', { name: 'Confirm 2 cards arrived' }).click();
    await mine.getByText('The coordinator who recorded the purchase does not confirm its cards arrived').first().waitFor();
    await checkAccessibility(page, 'gift cards (coordinator, desktop)');
    expect(await sidewaysOverflow(page)).toBe(0);
    await suite.shot(page, 'coordinator-gift-cards');
    await page.context().close();

    const phone = await suite.newPage(PHONE);
    await suite.signIn(phone, 'coord-2', 'Gift-card log', '/app/gift-cards');
    const theirs = phone.getByRole('form', { name: 'Confirm the cards of po-grocery-2 arrived' });
    await theirs.getByLabel('Held by (custodian)').fill('office-safe');
    await theirs.getByRole('button', { name: 'Confirm 2 cards arrived' }).click();
    await phone.locator('.page-status').getByText('The cards of po-grocery-2 are in stock, held by office-safe.').waitFor();
    await phone.getByText('Nothing waits: no purchase to confirm, no count to approve.').waitFor();
    await phone.getByText('5 cards: 4 on hand ($200.00), 0 handed over, 1 written off.').waitFor();
    await checkAccessibility(phone, 'gift cards (coordinator, phone)');
    expect(await sidewaysOverflow(phone)).toBe(0);
    await suite.shot(phone, 'phone-coordinator-gift-cards', true);
    await phone.context().close();
  }, 180_000);

  it('an auditor reads the closed periods and their digests on a phone, with no form to close', async () => {
    const page = await suite.newPage(PHONE);
    await suite.signIn(page, 'auditor-1', 'Closed periods', '/app/periods');
    await page.getByRole('heading', { name: new RegExp(`^Month ${closedMonth}`) }).waitFor();
    expect(await page.getByRole('form', { name: 'Close a period' }).count()).toBe(0);
    await checkAccessibility(page, 'closed periods (auditor, phone)');
    expect(await sidewaysOverflow(page)).toBe(0);
    await suite.shot(page, 'phone-closed-periods', true);
    await page.context().close();
  });
});

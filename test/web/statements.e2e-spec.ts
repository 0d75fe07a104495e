import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { checkAccessibility, describeWithChromium, DESKTOP, PHONE, sidewaysOverflow, WebSuite } from './browser';

/**
 * Issue 16, capability 4 on screen: a coordinator reads budget versus actual for a grant and the
 * statements of a period, and downloads the workbook; an auditor reaches the same screen. Desktop
 * and phone, axe-core clean, no sideways scrolling of the page.
 */
describeWithChromium('web app: financial statements (Chromium)', () => {
  let suite: WebSuite;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    suite = await WebSuite.start([
      { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' },
      { userId: 'payer-1', role: 'coordinator', organizationId: 'coalition' },
      { userId: 'adv-portland', role: 'provider', organizationId: 'ssac-portland' },
      { userId: 'council-1', role: 'council', organizationId: 'dv-bangor' },
      { userId: 'council-2', role: 'council', organizationId: 'vw-augusta' },
      { userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' },
    ]);
    const api = suite.api.bind(suite);
    await api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
    await api('POST', '/funds', 'coord-1', { fundId: 'voca', name: 'VOCA subaward', restricted: true });
    await api('POST', '/funds/voca/restrictions', 'coord-1', {
      purpose: { categories: ['lodging', 'transportation'], paymentMethods: ['vendor_payment'] },
      period: { firstDay: '2026-10-01', lastDay: '2027-09-30', liquidationDeadline: '2027-12-29' },
      budgetLines: [
        { lineId: 'housing', categories: ['lodging'], amountCents: 300_000 },
        { lineId: 'transport', categories: ['transportation'], amountCents: 100_000 },
      ],
      reference: '2026-V2-GX-0042',
    });
    await api('POST', '/payees', 'coord-1', { payeeId: 'harbor-motel', name: 'Harbor Motel', kind: 'business', taxId: '12-3456789' });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 200_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'voca', amountCents: 400_000, restricted: true, donorKind: 'grant', receivedOn: '2026-10-01' });
    await api('POST', '/donations/in-kind', 'coord-1', {
      donorKind: 'organization',
      receivedOn: '2026-10-02',
      items: [{ itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', quantity: 4, unitValueCents: 6_000, valuationMethod: 'fair_market_value', serials: null }],
    });
    await api('POST', '/organizations', 'coord-1', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' });
    const { reference } = await api<{ reference: string }>('POST', '/survivor-references', 'adv-portland');
    const { requestId } = await api<{ requestId: string }>('POST', '/fund-requests', 'adv-portland', {
      survivorReference: reference,
      category: 'lodging',
      amountCents: 30_000,
      paymentMethod: 'vendor_payment',
      urgency: 'urgent',
      neededBy: '2099-01-31',
    });
    await api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 30_000 });
    await api('POST', `/fund-requests/${requestId}/votes`, 'council-2', { vote: 'approve', amountCents: 30_000 });
    await api('POST', `/fund-requests/${requestId}/disbursements`, 'payer-1', {
      source: 'money',
      amountCents: 20_000,
      paymentMethod: 'vendor_payment',
      paidOn: today,
      payeeId: 'harbor-motel',
      paymentReference: { kind: 'vendor_invoice', value: 'HM-1001' },
    });
    // The ledger holds all of it before the browser reads it (the browser has no token of these writes).
    await api('GET', `/ledger/statements?from=2026-10-01&to=${today}`, 'coord-1');
  }, 300_000);

  afterAll(async () => suite?.close());

  afterEach(() => {
    expect(suite.pageErrors.splice(0)).toEqual([]);
  });

  it('a coordinator reads budget versus actual and the statements, and downloads the workbook', async () => {
    for (const [prefix, viewport] of [
      ['', DESKTOP],
      ['phone-', PHONE],
    ] as const) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'coord-1', 'Overview');
      if (viewport === PHONE) await page.goto(`${suite.base}/app/statements?from=2026-10-01&to=${today}`);
      else await page.getByRole('navigation').getByRole('link', { name: 'Statements' }).click();
      await page.getByRole('heading', { level: 1, name: 'Financial statements' }).waitFor();
      const budget = page.getByRole('table', { name: 'Budget versus actual, VOCA subaward' });
      await budget.waitFor();
      expect(await page.getByText('award 2026-V2-GX-0042').count()).toBe(1);
      const housing = await budget.locator('tbody tr').nth(0).innerText();
      expect(housing.replace(/\s+/g, ' ')).toBe('housing lodging $3,000.00 $200.00 (6.7%) $100.00 $2,700.00');
      expect(await page.getByText(/% of the period of performance \(2026-10-01 to 2027-09-30\) gone by/).count()).toBe(1);
      const activities = page.getByRole('table', { name: 'Statement of activities' });
      expect((await activities.getByRole('row', { name: /Net assets released from restrictions/ }).innerText()).replace(/\s+/g, ' ')).toBe(
        'Net assets released from restrictions $200.00 -$200.00 $0.00',
      );
      const positions = page.getByRole('table', { name: 'Each fund at the end of the period' });
      expect((await positions.getByRole('row', { name: /VOCA subaward/ }).innerText()).replace(/\s+/g, ' ')).toBe('VOCA subaward with donor restrictions $3,800.00 $100.00 $3,700.00 $200.00 $3,800.00');
      expect(await page.getByRole('table', { name: /Contributed nonfinancial assets/ }).getByText('fair market value').count()).toBe(1);

      await page.mouse.move(0, 0);
      await checkAccessibility(page, 'statements');
      expect({ overflow: await sidewaysOverflow(page) }).toEqual({ overflow: 0 });
      await suite.shot(page, `${prefix}statements`, viewport === PHONE);

      if (viewport === DESKTOP) {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the workbook (XLSX)' }).click()]);
        expect(file.suggestedFilename()).toBe(`statements-2026-10-01-to-${today}.xlsx`);
      }
      await page.context().close();
    }
  }, 240_000);

  it('a coordinator closes out a grant on its last day from the statements screen, moving what it held; on a phone the figures read without sideways scrolling', async () => {
    const api = suite.api.bind(suite);
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await api('POST', '/funds', 'coord-1', { fundId: 'ending', name: 'Ending grant', restricted: true });
    await api('POST', '/funds/ending/restrictions', 'coord-1', {
      purpose: { categories: ['lodging'], paymentMethods: ['vendor_payment'] },
      period: { firstDay: '2026-10-01', lastDay: today, liquidationDeadline: inDays(30) },
      budgetLines: [{ lineId: 'stays', categories: ['lodging'], amountCents: 50_000 }],
      reference: 'X-1',
    });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'ending', amountCents: 50_000, restricted: true, donorKind: 'grant', receivedOn: '2026-10-01' });
    const { reference } = await api<{ reference: string }>('POST', '/survivor-references', 'adv-portland');
    const { requestId } = await api<{ requestId: string }>('POST', '/fund-requests', 'adv-portland', { survivorReference: reference, category: 'lodging', amountCents: 12_000, paymentMethod: 'vendor_payment', urgency: 'urgent', neededBy: '2099-01-31' });
    // The grant ending first is chosen: its last day is today.
    await api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 12_000 });
    await api('GET', `/ledger/statements?from=2026-10-01&to=${today}`, 'coord-1');

    const page = await suite.newPage(DESKTOP);
    await suite.signIn(page, 'coord-1', 'Financial statements', `/app/statements?from=2026-10-01&to=${today}`);
    await page.getByText('Close-out of Ending grant').click();
    await page.getByText(`Open. The period of performance ends on ${today}; it can be closed out from that day. $120.00 is reserved for approved requests now.`).waitFor();
    await page.getByLabel('Every reservation still open').selectOption('move');
    await page.getByRole('button', { name: 'Close out the grant' }).click();
    await page.getByText('Choose the fund the reservations move to').waitFor();
    await page.getByLabel('Fund to move them to').selectOption('general');
    await page.getByLabel('Close-out reference').fill('Final report');
    await page.getByRole('button', { name: 'Close out the grant' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close out Ending grant?' });
    await dialog.getByRole('button', { name: 'Close out' }).click();
    await page.getByText(`Closed out on ${today} (Final report): 1 moved. Kept money is paid until ${inDays(30)}.`).first().waitFor();
    const figures = page.getByRole('table', { name: 'Close-out figures, Ending grant' });
    expect((await figures.locator('tbody tr').nth(0).innerText()).replace(/\s+/g, ' ')).toBe('stays $500.00 $0.00 $0.00 $0.00 $120.00 $500.00');
    expect(await page.getByRole('button', { name: 'Close out the grant' }).count()).toBe(0);
    await page.mouse.move(0, 0);
    await checkAccessibility(page, 'statements close-out');
    await suite.shot(page, 'statements-close-out');
    const request = await api<{ status: string }>('GET', `/fund-requests/${requestId}`, 'coord-1');
    expect(request.status).toBe('approved');
    await page.context().close();

    const phone = await suite.newPage(PHONE);
    await suite.signIn(phone, 'auditor-1', 'Financial statements', `/app/statements?from=2026-10-01&to=${today}`);
    await phone.getByText('Close-out of Ending grant').click();
    await phone.getByRole('table', { name: 'Close-out figures, Ending grant' }).waitFor();
    expect(await phone.getByRole('button', { name: 'Close out the grant' }).count()).toBe(0);
    await phone.getByRole('button', { name: 'Close-out (CSV)' }).waitFor();
    await checkAccessibility(phone, 'statements close-out (phone)');
    expect({ overflow: await sidewaysOverflow(phone) }).toEqual({ overflow: 0 });
    await suite.shot(phone, 'phone-statements-close-out', true);
    await phone.context().close();
  }, 240_000);

  it('an auditor reaches the statements from the navigation; a bad period is said next to the field', async () => {
    const page = await suite.newPage(DESKTOP);
    await suite.signIn(page, 'auditor-1', /Ledger|Audit ledger/);
    await page.getByRole('navigation').getByRole('link', { name: 'Statements' }).click();
    await page.getByRole('heading', { level: 1, name: 'Financial statements' }).waitFor();
    await page.getByRole('table', { name: 'Statement of activities' }).waitFor();
    await page.getByLabel('Last day').fill('2026-09-01');
    await page.getByRole('button', { name: 'Show the statements' }).click();
    await page.getByText('The last day cannot be before the first', { exact: true }).waitFor();
    expect(await page.getByLabel('Last day').getAttribute('aria-invalid')).toBe('true');
    await page.context().close();
  }, 120_000);

  it('a coordinator records sales of donated coats on the balances screen; the statements show them sold apart from used, with the loss on the sale (issue 16)', async () => {
    const sales = [
      [DESKTOP, 'sale-coats-a', '2', '50', 'Sale recorded: 2 units of winter-coat sold for $50.00; 2 left on hand.'],
      [PHONE, 'sale-coats-b', '1', '25', 'Sale recorded: 1 unit of winter-coat sold for $25.00; 1 left on hand.'],
    ] as const;
    for (const [viewport, saleId, quantity, dollars, said] of sales) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'coord-1', 'Balances', '/app/balances');
      const form = page.getByRole('form', { name: 'Record a sale' });
      await form.getByLabel('Item').selectOption('winter-coat');
      await form.getByText('Goods have no serials.').waitFor();
      await form.getByLabel('How many units').fill(quantity);
      await form.getByLabel('Sale id').fill(saleId);
      await form.getByLabel('Proceeds (dollars)').fill(dollars);
      // Only funds without donor restrictions are offered: the gift was unrestricted, so are its proceeds.
      expect(await form.getByLabel('Fund the proceeds go into').locator('option').allInnerTexts()).toEqual(['Choose a fund', 'General donations']);
      await form.getByLabel('Fund the proceeds go into').selectOption('general');
      await form.getByRole('button', { name: 'Record the sale' }).click();
      await page.getByRole('status').getByText(said).waitFor();
      await page.mouse.move(0, 0);
      await checkAccessibility(page, `balances sale ${viewport === PHONE ? '(phone)' : ''}`);
      expect({ overflow: await sidewaysOverflow(page) }).toEqual({ overflow: 0 });
      await suite.shot(page, `${viewport === PHONE ? 'phone-' : ''}balances-sale`, viewport === PHONE);
      if (viewport === PHONE) {
        await page.goto(`${suite.base}/app/statements?from=2026-10-01&to=${today}`);
        const inKind = page.getByRole('table', { name: /Contributed nonfinancial assets/ });
        expect((await inKind.getByRole('row', { name: /winter gear/ }).innerText()).replace(/\s+/g, ' ')).toBe('winter gear No donor restrictions $240.00 $0.00 $180.00 $75.00 $60.00 fair market value');
        const activities = page.getByRole('table', { name: 'Statement of activities' });
        expect((await activities.getByRole('row', { name: /Loss on sale/ }).innerText()).replace(/\s+/g, ' ')).toBe('Loss on sale of contributed nonfinancial assets: winter gear $105.00 $0.00 $105.00');
        expect({ overflow: await sidewaysOverflow(page) }).toEqual({ overflow: 0 });
        await suite.shot(page, 'phone-statements-sold', true);
      }
      await page.context().close();
    }
  }, 240_000);
});

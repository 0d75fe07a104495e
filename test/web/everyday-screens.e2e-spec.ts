import type { Page } from 'playwright-core';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { checkAccessibility, describeWithChromium, DESKTOP, PHONE, sidewaysOverflow, WebSuite } from './browser';

/**
 * Issue 18, capabilities 3 and 4: the screens for what existed only in the api. The coordinator's
 * overview (counts per queue, emergencies waiting and for how long, balances), the people
 * directory (deactivate, reactivate), the auditor's trial balance and access log, and everyone's
 * notifications (unread count in the navigation, the list, email preferences). Each on a desktop
 * and a phone, axe-core clean, no sideways scrolling of the page. One api and one browser for
 * the file; a context per page.
 */
describeWithChromium('web app: overview, people, trial balance, access log, notifications (Chromium)', () => {
  let suite: WebSuite;
  const ids: Record<string, string> = {};
  const VIEWPORTS = [
    ['', DESKTOP],
    ['phone-', PHONE],
  ] as const;

  beforeAll(async () => {
    suite = await WebSuite.start([
      { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition', email: 'coordinator@coalition.example' },
      { userId: 'adv-portland', role: 'provider', organizationId: 'ssac-portland', email: 'advocate@ssac.example' },
      { userId: 'council-1', role: 'council', organizationId: 'dv-bangor', email: 'member1@dvbangor.example' },
      { userId: 'council-2', role: 'council', organizationId: 'vw-augusta' },
      { userId: 'auditor-1', role: 'auditor', organizationId: 'coalition' },
    ]);
    const { api } = { api: suite.api.bind(suite) };
    // Signing in is what puts a person in the directory (and makes them someone to notify).
    for (const who of ['council-1', 'council-2', 'auditor-1', 'adv-portland']) await api('GET', '/notifications/unread-count', who);
    await api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Emergency fund protocol', rules: DEMO_PROTOCOL_RULES });
    await api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General donations', restricted: false });
    await api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 500_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await api('POST', '/organizations', 'coord-1', { organizationId: 'ssac-portland', providerType: 'sexual_assault_center', county: 'cumberland' });
    const { reference } = await api<{ reference: string }>('POST', '/survivor-references', 'adv-portland');
    const submit = async (amountCents: number, urgency: string, category = 'groceries'): Promise<string> =>
      (await api<{ requestId: string }>('POST', '/fund-requests', 'adv-portland', { survivorReference: reference, category, amountCents, paymentMethod: 'vendor_payment', urgency, neededBy: '2099-03-01' }))
        .requestId;
    ids.lodging = await submit(30_000, 'emergency', 'lodging'); // above the expedited cap: the council decides as usual
    ids.phone = await submit(6_000, 'emergency', 'phone_card');
    ids.standard = await submit(4_000, 'standard');
    await api('POST', `/fund-requests/${ids.standard}/information-requests`, 'council-1', { questionCode: 'vendor_details' });
    ids.approved = await submit(8_000, 'urgent', 'transportation');
    await api('POST', `/fund-requests/${ids.approved}/votes`, 'council-1', { vote: 'approve', amountCents: 8_000 });
    ids.paid = await submit(5_000, 'standard', 'hygiene');
    await api('POST', `/fund-requests/${ids.paid}/votes`, 'council-2', { vote: 'approve', amountCents: 5_000 });
    await api('POST', `/fund-requests/${ids.paid}/disbursements`, 'coord-1', { source: 'money', amountCents: 5_000, paymentMethod: 'vendor_payment' });
    // Budget pacing: $100 planned this month, $130 committed today, and $4,870 left under a $4,900 threshold.
    await api('POST', '/funds/general/spending-plan', 'coord-1', { cadence: 'month', periods: [{ start: new Date().toISOString().slice(0, 7), amountCents: 10_000 }], warnings: { lowBalanceCents: 490_000, overPacePercent: 10 } });
    // The read models hold all of it before a browser reads them (the browser has no token of these writes).
    await api('GET', '/queues/overview', 'coord-1');
    await api('GET', '/balances/funds', 'coord-1');
  }, 300_000);

  afterAll(async () => suite?.close());

  afterEach(() => {
    expect(suite.pageErrors.splice(0)).toEqual([]);
  });

  const look = async (page: Page, screen: string, shot: string): Promise<void> => {
    await page.mouse.move(0, 0); // no hover left on a link in the screenshot
    await checkAccessibility(page, screen);
    expect({ screen, overflow: await sidewaysOverflow(page) }).toEqual({ screen, overflow: 0 });
    await suite.shot(page, shot, page.viewportSize()!.width < 600);
  };

  it('coordinator overview: counts per queue, emergencies waiting with how long, fund balances', async () => {
    for (const [prefix, viewport] of VIEWPORTS) {
      const page = await suite.newPage(viewport);
      // The overview is a coordinator's start page.
      await suite.signIn(page, 'coord-1', 'Overview');
      expect(new URL(page.url()).pathname).toBe('/app/overview');

      const emergencies = page.getByRole('table', { name: /Emergency requests waiting/ });
      await emergencies.waitFor();
      expect(await page.getByText(/^2 emergency requests are not decided yet; the protocol in force asks for a decision within 24 hours\.$/).count()).toBe(1);
      const rows = emergencies.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      // Longest waiting first: the lodging request was submitted first.
      expect(await rows.nth(0).innerText()).toMatch(new RegExp(`${ids.lodging!.slice(0, 8)} Lodging\\s+ssac-portland · no vote yet\\s+(under a minute|\\d+ min)\\s+\\$300\\.00`));
      expect(await rows.nth(1).innerText()).toMatch(/Phone cards[\s\S]*\$60\.00/);

      const tiles = page.getByRole('region', { name: 'Queues' }).locator('li');
      const tileText = (await tiles.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      expect(tileText).toEqual([
        expect.stringMatching(/^3 Awaiting a council decision/),
        expect.stringMatching(/^1 Waiting for a provider’s answer/),
        expect.stringMatching(/^1 To pay .* Open the payments queue$/),
        expect.stringMatching(/^0 Ready to close/),
        expect.stringMatching(/^0 Receipts overdue/),
        expect.stringMatching(/^0 Expedited approvals to ratify/),
      ]);
      // 5000.00 received, 50.00 paid, 80.00 reserved for the approved request.
      const general = page.getByRole('table', { name: 'Fund balances' }).getByRole('row', { name: /General donations/ });
      expect((await general.innerText()).replace(/\s+/g, ' ')).toMatch(/General donations balance \$4,950\.00 \$80\.00 \$4,870\.00/);
      const pacing = page.getByRole('table', { name: 'Budget pacing' }).locator('tbody tr');
      expect((await pacing.nth(0).innerText()).replace(/\s+/g, ' ')).toMatch(/^general Running low Ahead of plan \$130\.00 committed of \$\d+\.\d\d planned to date \(monthly plan\); \$4,870\.00 left\. .* \$50\.00$/);
      await look(page, `coordinator overview (${viewport.width}px)`, `${prefix}coordinator-overview`);

      // The queue with work links to where it is done.
      await page.getByRole('link', { name: 'Open the payments queue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
      await page.context().close();
    }
  }, 180_000);

  it('people directory: who signed in, their last sign-in; deactivate after asking, then reactivate', async () => {
    for (const [prefix, viewport] of VIEWPORTS) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'coord-1', 'People', '/app/people');
      const person = (who: string) => page.getByRole('article', { name: who, exact: true });
      await person('council-2').waitFor();
      expect((await person('council-1').innerText()).replace(/\s+/g, ' ')).toMatch(
        /^council-1 Role Provider Council Organization dv-bangor Email member1@dvbangor\.example Last sign-in .+ First sign-in .+ Status Active Deactivate$/,
      );
      expect(await person('council-2').innerText()).toMatch(/none given: no email is sent/);
      // Nobody deactivates themselves by mistake.
      expect(await page.getByRole('article', { name: 'coord-1 (you)' }).getByRole('button').count()).toBe(0);
      await look(page, `people (${viewport.width}px)`, `${prefix}coordinator-people`);
      if (prefix) {
        await page.context().close();
        continue;
      }

      // Deactivating asks first, naming the person; cancelling changes nothing.
      await person('council-2').getByRole('button', { name: 'Deactivate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate council-2?' });
      await dialog.getByText(/will receive no more notifications/).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect((await suite.api<{ items: { userId: string; active: boolean }[] }>('GET', '/people', 'coord-1')).items.find((p) => p.userId === 'council-2')?.active).toBe(true);

      await person('council-2').getByRole('button', { name: 'Deactivate' }).click();
      await dialog.getByRole('button', { name: 'Yes, deactivate' }).click();
      await page.locator('.page-status').getByText('council-2 is deactivated: they are notified of nothing until reactivated.').waitFor();
      await person('council-2').getByText(/Deactivated .* by coord-1/).waitFor();
      await suite.shot(page, 'coordinator-people-deactivated');
      // The filter shows only the deactivated.
      await page.getByLabel('Status').selectOption('false');
      // The list is busy from the change until the filtered answer is shown (the old list stays until then).
      await page.locator('.paged:not([aria-busy]) article.person').first().waitFor();
      expect(await page.locator('article.person').allInnerTexts()).toEqual([expect.stringMatching(/^council-2/)]);
      expect((await suite.api<{ items: { userId: string; active: boolean; deactivatedBy: string }[] }>('GET', '/people?active=false', 'coord-1')).items).toEqual([
        expect.objectContaining({ userId: 'council-2', active: false, deactivatedBy: 'coord-1' }),
      ]);

      await person('council-2').getByRole('button', { name: 'Reactivate' }).click();
      await page.locator('.page-status').getByText('council-2 is active again and will be notified from now on.').waitFor();
      await page.getByText('Nobody matches. People appear here once they have signed in.').waitFor();
      await page.context().close();
    }
  }, 180_000);

  it('auditor: the trial balance balances, and the access log shows that it was read', async () => {
    for (const [prefix, viewport] of VIEWPORTS) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'auditor-1', /Audit ledger/);
      await page.getByRole('navigation').getByRole('link', { name: 'Trial balance' }).click();
      const table = page.getByRole('table', { name: /Trial balance now/ });
      await table.waitFor();
      await page.getByText(/^✓ Balanced now: everything debited equals everything credited \(\$[\d,]+\.\d\d\)\.$/).waitFor();
      // The balance in its column (debit for an asset), what moved through the account beneath it.
      expect((await table.getByRole('row', { name: /cash:general/ }).innerText()).replace(/\s+/g, ' ').trim()).toBe('cash:general Asset debits $5,000.00, credits $50.00 $4,950.00');
      expect((await table.getByRole('row', { name: /donations:monetary/ }).innerText()).replace(/\s+/g, ' ').trim()).toMatch(/Revenue debits \$0\.00, credits \$5,000\.00 \$5,000\.00$/);
      expect((await table.locator('tfoot tr').innerText()).replace(/\s+/g, ' ').trim()).toMatch(/^Totals (\$[\d,.]+) \1$/);
      await look(page, `trial balance (${viewport.width}px)`, `${prefix}auditor-trial-balance`);

      // A day before anything happened: said, not an empty table.
      await page.getByLabel('At the end of (UTC day)').fill('2020-01-01');
      await page.getByRole('button', { name: 'Show the trial balance' }).click();
      await page.getByText('No entry in the ledger up to 2020-01-01: nothing has been received or paid.').waitFor();

      await page.getByRole('navigation').getByRole('link', { name: 'Access log' }).click();
      const log = page.getByRole('table', { name: /accesses? on \d{4}-\d\d-\d\d \(UTC\), oldest first/ });
      await log.waitFor();
      const tbRow = log.getByRole('row', { name: /The trial balance/ }).first();
      expect((await tbRow.innerText()).replace(/\s+/g, ' ')).toMatch(/^auditor-1 Auditor, coalition \w{3} \d+, \d{4}, .+ The trial balance \/ledger\/trial-balance none$/);
      await log.getByRole('row', { name: /The trial balance .*asOf 2020-01-01/ }).first().waitFor();
      await look(page, `access log (${viewport.width}px)`, `${prefix}auditor-access-log`);
      await page.getByLabel('Day (UTC)').fill('2020-01-01');
      await page.getByRole('button', { name: 'Show accesses' }).click();
      await page.getByText('Nobody read a recorded resource on 2020-01-01 (UTC).').waitFor();
      await page.context().close();
    }
  }, 180_000);

  it('notifications: the unread count in the navigation, the list, and the email choice per kind', async () => {
    for (const [prefix, viewport] of VIEWPORTS) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'council-2', /Council queue/);
      // The council sees budget pacing before approving more (GET /pacing), fund named.
      const pacing = page.getByRole('table', { name: 'Budget pacing' }).locator('tbody tr').nth(0);
      await pacing.waitFor();
      expect((await pacing.innerText()).replace(/\s+/g, ' ')).toMatch(/^General donations Running low Ahead of plan \$130\.00 committed of/);
      expect({ overflow: await sidewaysOverflow(page) }).toEqual({ overflow: 0 });
      const link = page.getByRole('navigation').getByRole('link', { name: /^Notifications \d+ unread$/ });
      await link.waitFor();
      const unread = Number((await link.innerText()).replace(/\D+/g, ''));
      expect(unread).toBeGreaterThan(0);
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await page.getByRole('heading', { level: 2, name: `Unread: ${unread}` }).waitFor();
      const items = await page.locator('ul.notifications li').allInnerTexts();
      expect(items.length).toBe(unread);
      // What waits and a link, never an amount, a category or a reference.
      for (const text of items) expect(text).not.toMatch(/\$|groceries|lodging|SR-/i);
      // Email choices for the kinds a council member is sent, not the providers' ("my request was approved").
      expect(await page.getByRole('region', { name: 'Email' }).getByRole('combobox').count()).toBe(3);
      expect(await page.getByLabel('My request was approved').count()).toBe(0);
      await look(page, `notifications (${viewport.width}px)`, `${prefix}notifications`);
      if (prefix) {
        await page.context().close();
        continue;
      }
      const choice = page.getByLabel('A request awaits my vote');
      await choice.selectOption('digest');
      await page.locator('.page-status').getByText('Preference saved.').waitFor();
      const { items: prefs } = await suite.api<{ items: { kind: string; delivery: string }[] }>('GET', '/notifications/preferences', 'council-2');
      expect(prefs.find((p) => p.kind === 'vote-requested')?.delivery).toBe('digest');
      await page.context().close();
    }
  }, 180_000);

  it('an auditor downloads the evidence pack of a payment from the request (issue 15, capability 6)', async () => {
    for (const [prefix, viewport] of VIEWPORTS) {
      const page = await suite.newPage(viewport);
      await suite.signIn(page, 'auditor-1', /Hygiene/, `/app/requests/${ids.paid!}`);
      const payments = page.getByRole('table', { name: 'Payments of this request' });
      await payments.waitFor();
      const button = payments.getByRole('button', { name: /^Evidence pack of payment / });
      expect(await button.count()).toBe(1);
      await checkAccessibility(page, `request with its evidence pack (${viewport.width}px)`);
      expect(await sidewaysOverflow(page)).toBe(0);
      if (!prefix) {
        const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
        expect(file.suggestedFilename()).toMatch(/^evidence-[0-9a-f-]{36}\.zip$/);
        await page.locator('.page-status').getByText(/^Evidence pack saved as evidence-[0-9a-f-]{36}\.zip\.$/).waitFor();
      }
      await page.context().close();
    }
  }, 180_000);
});

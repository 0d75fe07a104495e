import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PROTOCOL_RULES } from '@fund/protocols';
import { jpegWithGps } from '@fund/documents/testing';
import { checkAccessibility, describeWithChromium, DESKTOP, PHONE, sidewaysOverflow, WebSuite } from './browser';

/** The provider's receipt form with a document, on a desktop and on a phone. */
describeWithChromium('web: a receipt with its document', () => {
  let suite: WebSuite;
  const payments: string[] = [];
  let requestId = '';

  beforeAll(async () => {
    suite = await WebSuite.start([
      { userId: 'coord-1', role: 'coordinator', organizationId: 'coalition' },
      { userId: 'adv-1', role: 'provider', organizationId: 'org-a' },
      { userId: 'council-1', role: 'council', organizationId: 'org-b' },
    ]);
    await suite.api('POST', '/protocols/bootstrap', 'coord-1', { version: '2026-1', title: 'Protocol', rules: DEMO_PROTOCOL_RULES });
    await suite.api('POST', '/funds', 'coord-1', { fundId: 'general', name: 'General', restricted: false });
    await suite.api('POST', '/donations/monetary', 'coord-1', { fundId: 'general', amountCents: 100_000, restricted: false, donorKind: 'individual', receivedOn: '2026-10-01' });
    await suite.api('POST', '/organizations', 'coord-1', { organizationId: 'org-a', providerType: 'other', county: 'york' });
    const { reference } = await suite.api<{ reference: string }>('POST', '/survivor-references', 'adv-1');
    ({ requestId } = await suite.api<{ requestId: string }>('POST', '/fund-requests', 'adv-1', {
      survivorReference: reference,
      category: 'groceries',
      amountCents: 9_000,
      paymentMethod: 'vendor_payment',
      urgency: 'standard',
      neededBy: '2099-01-01',
    }));
    await suite.api('POST', `/fund-requests/${requestId}/votes`, 'council-1', { vote: 'approve', amountCents: 9_000 });
    for (const amountCents of [4_000, 5_000]) {
      payments.push((await suite.api<{ disbursementId: string }>('POST', `/fund-requests/${requestId}/disbursements`, 'coord-1', { source: 'money', amountCents, paymentMethod: 'vendor_payment' })).disbursementId);
    }
  }, 300_000);
  afterAll(async () => {
    const keep = process.env.DOCUMENT_SHOTS;
    if (keep && suite) {
      mkdirSync(keep, { recursive: true });
      for (const name of ['receipt-document-refused-desktop', 'receipt-document-phone']) copyFileSync(join(suite.shots, `${name}.png`), join(keep, `${name}.png`));
    }
    await suite?.close();
  });

  it('says next to the field why a file is refused, keeps what was typed, and records nothing', async () => {
    const page = await suite.newPage(DESKTOP);
    await suite.signIn(page, 'adv-1', /Requests of org-a/);
    const due = page.getByRole('article', { name: /Receipt for \$40\.00/ });
    await due.waitFor();
    // An SVG named like a photo is not a photo: the bytes decide.
    await due.getByLabel('Photo or PDF of the receipt').setInputFiles({ name: 'receipt.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    await due.getByRole('button', { name: 'Record receipt' }).click();
    await due.getByText(/A document must be a PDF, JPEG, PNG or HEIC file/).first().waitFor();
    expect(await due.getByLabel('Receipt total (US$)').inputValue()).toBe('40.00');
    await checkAccessibility(page, 'receipt form with a refused document');
    await suite.shot(page, 'receipt-document-refused-desktop', true);
    const { documents } = await suite.api<{ documents: unknown[] }>('GET', `/fund-requests/${requestId}/documents`, 'coord-1');
    expect(documents).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('attaches a phone photo to a receipt on a phone-sized screen', async () => {
    const page = await suite.newPage(PHONE);
    await suite.signIn(page, 'adv-1', /Requests of org-a/);
    const due = page.getByRole('article', { name: /Receipt for \$50\.00/ });
    await due.waitFor();
    await due.getByLabel('Photo or PDF of the receipt').setInputFiles({ name: 'IMG_0042.jpg', mimeType: 'image/jpeg', buffer: jpegWithGps() });
    expect(await sidewaysOverflow(page)).toBe(0);
    await checkAccessibility(page, 'receipt form on a phone');
    await suite.shot(page, 'receipt-document-phone', true);
    await due.getByRole('button', { name: 'Record receipt' }).click();
    await page.locator('.page-status').getByText('Receipt of $50.00 recorded with its document.').waitFor();
    const { documents } = await suite.api<{ documents: { disbursementId: string; kind: string }[] }>('GET', `/fund-requests/${requestId}/documents`, 'coord-1');
    expect(documents).toEqual([expect.objectContaining({ kind: 'receipt', disbursementId: payments[1] })]);
    expect(suite.pageErrors).toEqual([]);
    await page.context().close();
  }, 180_000);
});

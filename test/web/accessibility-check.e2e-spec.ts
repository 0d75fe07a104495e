import { chromium, type Browser } from 'playwright-core';
import { checkAccessibility, CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from './browser';

/**
 * The browser suites' accessibility check runs only the axe rules that can report a serious or
 * critical violation, once axe is on the page: this proves it still catches what it must, and
 * that a second check of the same page does not load axe again.
 */
describeWithChromium('the accessibility check the browser suites use', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const page = async (body: string) => {
    const p = await browser.newPage();
    await p.setContent(`<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`);
    return p;
  };

  it('fails on a serious violation (low contrast) and on a critical one (an image without a text alternative)', async () => {
    const contrast = await page('<p style="color:#777;background:#888">Low contrast text</p>');
    await expect(checkAccessibility(contrast, 'contrast')).rejects.toThrow(/serious color-contrast/);
    const image = await page('<img src="receipt.png">');
    await expect(checkAccessibility(image, 'image')).rejects.toThrow(/critical image-alt/);
  });

  it('passes a page whose only violations are moderate (no landmark around content, a skipped heading level), and loads axe once per page', async () => {
    const p = await page('<h3>Skipped a level</h3><p>Fine text</p>');
    await checkAccessibility(p, 'moderate only');
    await checkAccessibility(p, 'moderate only, again');
    expect(await p.locator('script').count()).toBe(1);
  });
});

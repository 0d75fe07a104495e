import { describe, expect, it } from 'vitest';
import { ApiError, BEHIND } from './api.js';
import { loadError, statusBadge } from './ui.js';

describe('loadError', () => {
  it('says a failure plainly, with a way to try again', () => {
    let tried = 0;
    const notice = loadError(new ApiError(0, 'NETWORK', 'The service could not be reached.'), () => (tried += 1));
    expect(notice.className).toBe('notice error');
    expect(notice.querySelector('p')?.textContent).toBe('Could not load this. The service could not be reached.');
    notice.querySelector('button')?.click();
    expect(tried).toBe(1);
  });

  it('says a view still catching up with this session’s last change is not up to date yet, for a person: saved, will show, what to do; never the read model', () => {
    const notice = loadError(new ApiError(503, BEHIND, 'This view has not caught up with your last change yet (request-views: 1 event behind); retry in a moment'));
    expect(notice.className).toBe('notice behind');
    const text = notice.querySelector('p')?.textContent ?? '';
    expect(text).toMatch(/^Not up to date yet\. Your last change was saved, but this page has not caught up with it yet/);
    expect(text).toMatch(/reload the page in a moment/);
    expect(loadError(new ApiError(503, BEHIND, 'x'), () => undefined).textContent).toMatch(/use “Try again”/);
    expect(text).toMatch(/no need to send it again/);
    expect(text).not.toMatch(/request-views|event|read model/);
    expect(notice.querySelector('button')).toBeNull();
  });
});

describe('statusBadge', () => {
  it('says "Partially paid" while money is left to pay, "Paid" once nothing is', () => {
    expect(statusBadge('disbursed', 6_500).textContent).toBe('Partially paid');
    expect(statusBadge('disbursed', 0).textContent).toBe('Paid');
    expect(statusBadge('approved', 10_000).textContent).toBe('Approved, to be paid');
    expect(statusBadge('closed', 6_500).textContent).toBe('Closed');
  });
});

import { describe, expect, it } from 'vitest';
import { giftCardSummary } from './gift-cards.js';

type Card = Parameters<typeof giftCardSummary>[0][number];
const card = (status: Card['status'], extra: Partial<Card> = {}) => ({ status, receiptStatus: null, variances: [], faceValueCents: 5_000, ...extra });

describe('giftCardSummary', () => {
  it('says when there is no card at all', () => {
    expect(giftCardSummary([])).toBe('No gift card or pass has been received or bought yet.');
  });

  it('counts the cards by state, values what is on hand, and names what to follow up', () => {
    expect(
      giftCardSummary([
        card('on_hand'),
        card('on_hand'),
        card('issued', { receiptStatus: 'overdue' }),
        card('written_off', { variances: [{ countId: 'c-1', countedOn: '2026-11-30', custodian: 'safe', finding: 'missing', adjusted: true }] }),
        card('on_order'),
        card('on_hand', { variances: [{ countId: 'c-2', countedOn: '2026-12-01', custodian: 'safe', finding: 'missing', adjusted: false }] }),
      ]),
    ).toBe(
      '6 cards: 3 on hand ($150.00), 1 handed over, 1 written off, 1 paid for and not yet confirmed received. To follow up: 1 with a receipt overdue; 1 missing in a count and not yet written off.',
    );
  });
});

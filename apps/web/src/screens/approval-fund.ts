import { get } from '../api.js';
import type { components } from '../api-types.js';
import { h } from '../dom.js';
import type { FundBalance } from '../types.js';

type ApprovalFund = components['schemas']['ApprovalFundView'];

const RULE: Readonly<Record<ApprovalFund['choice'], string>> = {
  named: 'named on the approval',
  restricted_ending_first: 'the restricted grant that allows it and ends first',
  protocol_default: 'general money: no restricted grant allows it or has room',
  recorded: 'as recorded',
};

/**
 * The card's "Draws from": the fund an approval naming none would reserve in, as the api's rule
 * answers now (the same reads as the vote), so a member knows whose money they are committing.
 * Said to be a preview: another approval may spend the grant's line first.
 */
export function approvalFundNote(requestId: string, funds: readonly FundBalance[]): HTMLParagraphElement {
  const note = h('p', { class: 'hint approval-fund' }, 'Draws from: …');
  void get<ApprovalFund>(`/fund-requests/${requestId}/approval-fund`).then(
    (answer) => {
      const name = funds.find((f) => f.fundId === answer.fundId)?.name ?? answer.fundId;
      note.textContent = answer.decided ? `Drew from: ${name} (${RULE[answer.choice]}).` : `An approval now draws from: ${name} (${RULE[answer.choice]}), unless you choose a fund.`;
    },
    // Without the answer the card says nothing rather than something wrong.
    () => note.remove(),
  );
  return note;
}

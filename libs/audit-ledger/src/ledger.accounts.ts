/**
 * The ledger's chart of accounts. An account is a colon-separated name built only from slugs
 * and vocabulary codes (fund ids, item ids, categories, donor kinds, reasons), so no free text
 * and nothing about a survivor can ever become an account. See ../README.md for which event
 * posts to which account.
 */

export const ACCOUNT_TYPES = ['asset', 'revenue', 'expense', 'net_assets'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Money a fund holds (debit balance): the fund's `balanceCents`. */
export const cashAccount = (fundId: string) => `cash:${fundId}`;
/** Donated cards and goods on hand, at their recorded unit value (debit balance). */
export const stockAccount = (itemId: string) => `stock:${itemId}`;
/**
 * Cards paid for and not yet confirmed received (debit balance), per purchase: a second
 * coordinator's confirmation moves them to {@link stockAccount}. An open balance here is a
 * purchase whose cards nobody has yet seen arrive.
 */
export const stockOnOrderAccount = (purchaseId: string) => `stock-on-order:${purchaseId}`;
/** Monetary donations by donor kind (credit balance). */
export const monetaryDonationsAccount = (donorKind: string) => `donations:monetary:${donorKind}`;
/**
 * Money given into a restricted fund, by donor kind (credit balance): revenue "with donor
 * restrictions". Unrestricted money keeps {@link monetaryDonationsAccount}, so the accounts
 * journaled before net asset classes existed keep their meaning (without restrictions).
 */
export const restrictedMonetaryDonationsAccount = (donorKind: string) => `donations:monetary:${donorKind}:${WITH_RESTRICTIONS}`;
/**
 * In-kind donations by stock category (credit balance); under posting scheme 2, with the
 * valuation technique the gift was measured by as a last segment (ASU 2020-07's disclosure),
 * when the receipt states one.
 */
export const inKindDonationsAccount = (category: string, valuationMethod?: string) =>
  valuationMethod ? `donations:in-kind:${category}:${valuationMethod}` : `donations:in-kind:${category}`;
/** Help given to survivors, in money or stock, by the request's expense category (debit balance). */
export const assistanceAccount = (category: string) => `assistance:${category}`;
/** Stock that left without a disbursement (lost, expired, damaged, recount), by reason (debit balance). */
export const stockWriteOffAccount = (reason: string) => `stock-writeoff:${reason}`;
/**
 * Donated stock sold: the part of the proceeds above the stock's recorded value is a gain on the
 * sale (credit balance, revenue), the part below a loss (debit balance, expense), by the stock's
 * category. Proceeds equal to the value post neither.
 */
export const gainOnSaleAccount = (category: string) => `gain-on-sale:${category}`;
export const lossOnSaleAccount = (category: string) => `loss-on-sale:${category}`;
/**
 * A fund's net assets designated for approved requests: its credit balance is the fund's
 * `reservedCents`. Paired with {@link availableNetAssetsAccount}; the pair always nets to zero.
 */
export const committedNetAssetsAccount = (fundId: string) => `net-assets:${fundId}:committed`;
/**
 * The other side of every designation: carries a debit equal to what is committed, so the
 * fund's available money is `cash:<fund>` minus `net-assets:<fund>:committed`.
 */
export const availableNetAssetsAccount = (fundId: string) => `net-assets:${fundId}:available`;

/**
 * A release from restriction, one pair per payment out of a restricted fund: the debit side
 * lowers the fund's net assets with donor restrictions, the credit side raises those without.
 * The pair nets to zero in the trial balance; a statement reads each side in its own column.
 */
export const releasedFromRestrictionAccount = (fundId: string) => `net-asset-release:${fundId}:${WITH_RESTRICTIONS}`;
export const releasedToUnrestrictedAccount = (fundId: string) => `net-asset-release:${fundId}:${WITHOUT_RESTRICTIONS}`;

/** The two classes of net assets of a not-for-profit (ASC 958, ASU 2016-14). */
export const NET_ASSET_CLASSES = ['without_donor_restrictions', 'with_donor_restrictions'] as const;
export type NetAssetClass = (typeof NET_ASSET_CLASSES)[number];
const WITH_RESTRICTIONS = 'with-donor-restrictions';
const WITHOUT_RESTRICTIONS = 'without-donor-restrictions';

/**
 * The net asset class a revenue, expense or release line counts in, from its account alone:
 * revenue is with donor restrictions only under the restricted account, expenses are always
 * without (restricted money is released when it is spent), a release by its side. Asset and
 * designation accounts belong to no class (null): their class is that of the money behind them.
 */
export function netAssetClassOf(account: string): NetAssetClass | null {
  if (account.startsWith('donations:')) return account.endsWith(`:${WITH_RESTRICTIONS}`) ? 'with_donor_restrictions' : 'without_donor_restrictions';
  // A sale's proceeds go to a fund without restrictions (gifts in kind carry none), so its gain or loss is without too.
  if (account.startsWith('assistance:') || account.startsWith('stock-writeoff:') || account.startsWith('gain-on-sale:') || account.startsWith('loss-on-sale:')) {
    return 'without_donor_restrictions';
  }
  if (account.startsWith('net-asset-release:')) return account.endsWith(`:${WITH_RESTRICTIONS}`) ? 'with_donor_restrictions' : 'without_donor_restrictions';
  return null;
}

const TYPE_BY_PREFIX: readonly (readonly [string, AccountType])[] = [
  ['cash:', 'asset'],
  ['stock:', 'asset'],
  ['stock-on-order:', 'asset'],
  ['donations:', 'revenue'],
  ['assistance:', 'expense'],
  ['stock-writeoff:', 'expense'],
  ['gain-on-sale:', 'revenue'],
  ['loss-on-sale:', 'expense'],
  ['net-assets:', 'net_assets'],
  ['net-asset-release:', 'net_assets'],
];

/** The account's type, from its prefix; null for a name outside the chart. */
export function accountType(account: string): AccountType | null {
  return TYPE_BY_PREFIX.find(([prefix]) => account.startsWith(prefix))?.[1] ?? null;
}

/** What an account filter may look like: the characters account names are built from. */
export const ACCOUNT_PATTERN = /^[a-z0-9_:-]{1,200}$/;

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
/** Monetary donations by donor kind (credit balance). */
export const monetaryDonationsAccount = (donorKind: string) => `donations:monetary:${donorKind}`;
/** In-kind donations by stock category (credit balance). */
export const inKindDonationsAccount = (category: string) => `donations:in-kind:${category}`;
/** Help given to survivors, in money or stock, by the request's expense category (debit balance). */
export const assistanceAccount = (category: string) => `assistance:${category}`;
/** Stock that left without a disbursement (lost, expired, damaged, recount), by reason (debit balance). */
export const stockWriteOffAccount = (reason: string) => `stock-writeoff:${reason}`;
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

const TYPE_BY_PREFIX: readonly (readonly [string, AccountType])[] = [
  ['cash:', 'asset'],
  ['stock:', 'asset'],
  ['donations:', 'revenue'],
  ['assistance:', 'expense'],
  ['stock-writeoff:', 'expense'],
  ['net-assets:', 'net_assets'],
];

/** The account's type, from its prefix; null for a name outside the chart. */
export function accountType(account: string): AccountType | null {
  return TYPE_BY_PREFIX.find(([prefix]) => account.startsWith(prefix))?.[1] ?? null;
}

/** What an account filter may look like: the characters account names are built from. */
export const ACCOUNT_PATTERN = /^[a-z0-9_:-]{1,200}$/;

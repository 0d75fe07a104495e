import type { LedgerEntry } from './ledger.canonical';

/**
 * The canonical form of a ledger entry by its definition, for the specs and bench:reports only:
 * the entry as an object, serialised with object keys sorted at every depth. Every stored hash
 * was made from exactly this text. It shares no code with `canonicalEntry` (which the RFC 8785
 * library writes), so holding the two together tests the library against the format rather
 * than against itself; it is never used to hash.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

function stableJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Json) => stableJson(v)).join(',')}]`;
  const object = value as { readonly [key: string]: Json };
  return `{${Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableJson(object[key] ?? null)}`)
    .join(',')}}`;
}

function cents(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`ledger: ${field} must be a non-negative whole number of cents`);
  return value;
}

/** Format 1 hashes what it always did; format 2 adds the references and the effective date. */
export function canonicalEntryByDefinition(entry: LedgerEntry): string {
  const lines = [...entry.lines]
    .sort((a, b) => a.line - b.line)
    .map((l) => ({ line: l.line, account: l.account, debitCents: cents(l.debitCents, 'debitCents'), creditCents: cents(l.creditCents, 'creditCents') }));
  const formatTwo: { readonly [key: string]: Json } =
    (entry.canonicalFormat ?? 1) === 2
      ? {
          format: 'survivor-fund/ledger-entry/2',
          references: {
            requestId: entry.references.requestId,
            disbursementId: entry.references.disbursementId,
            donationId: entry.references.donationId,
            itemId: entry.references.itemId,
            serials: entry.references.serials,
            payeeId: entry.references.payeeId,
            paymentReference: entry.references.paymentReference ? { kind: entry.references.paymentReference.kind, value: entry.references.paymentReference.value } : null,
          },
          effectiveDate: entry.effectiveDate,
          effectiveDateSource: entry.effectiveDateSource,
        }
      : {};
  return stableJson({
    format: 'survivor-fund/ledger-entry/1',
    entryId: entry.entryId,
    eventId: entry.eventId,
    globalPosition: entry.globalPosition,
    streamId: entry.streamId,
    eventType: entry.eventType,
    occurredAt: entry.occurredAt,
    actor: { userId: entry.actorUserId, role: entry.actorRole, organizationId: entry.actorOrganizationId },
    protocolVersion: entry.protocolVersion,
    fundId: entry.fundId,
    category: entry.category,
    lines,
    ...formatTwo,
  });
}

/**
 * Connection strings the official client accepts (`kurrentdb://host:2113?tls=false`,
 * `kurrentdb+discover://node1:2113,node2:2113`, the older `esdb://`...). Kept apart from the
 * adapter so configuration can validate KURRENTDB_URL without loading the client.
 */
export const KURRENTDB_URL_PATTERN = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/;

export function isKurrentDbUrl(url: string): boolean {
  return KURRENTDB_URL_PATTERN.test(url);
}

/** The URL without credentials, for messages and logs. */
export function redactKurrentDbUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

import { DomainError } from '@fund/event-sourcing';

export type IdentifierKind = 'email_address' | 'phone_number' | 'ssn' | 'date' | 'street_address' | 'url';

// Patterns favour refusing too much over letting an identifier in: an advocate can rephrase,
// a leaked phone number can't be taken back.
const PATTERNS: readonly [IdentifierKind, RegExp][] = [
  ['email_address', /[A-Z0-9._%+-]+\s*(?:@|\(at\)|\[at\])\s*[A-Z0-9.-]+\s*(?:\.|\(dot\)|\[dot\])\s*[A-Z]{2,}/i],
  ['ssn', /\b\d{3}[-\s.]?\d{2}[-\s.]?\d{4}\b/],
  ['phone_number', /(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b/],
  ['date', /\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\b/],
  [
    'date',
    /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b/i,
  ],
  ['date', /\b(?:born|dob|d\.o\.b\.?|birth\s*date|date of birth)\b/i],
  [
    'street_address',
    /\b\d{1,6}\s+(?:[A-Z][a-z]+\.?\s+){1,4}(?:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|boulevard|way|ct|court|pl|place|ter|terrace|hwy|highway|cir|circle|pkwy|parkway)\b\.?/i,
  ],
  ['street_address', /\b(?:apt|apartment|unit|suite|p\.?\s?o\.?\s+box)\s*#?\s*\d+/i],
  ['url', /\b(?:https?:\/\/|www\.)\S+/i],
];

/** Which kinds of identifier appear in `text` (never the matches themselves). */
export function detectIdentifiers(text: string): IdentifierKind[] {
  const normalized = text.normalize('NFKC');
  return [...new Set(PATTERNS.filter(([, re]) => re.test(normalized)).map(([kind]) => kind))];
}

/** 422 naming the field and what kind of identifier was found, without echoing the text. */
export function assertNoIdentifiers(field: string, text: string | undefined | null): void {
  if (!text) return;
  const found = detectIdentifiers(text);
  if (found.length > 0) {
    throw new DomainError(
      'PRIVACY.IDENTIFIER_IN_TEXT',
      `${field} looks like it contains identifying details (${found.join(', ').replace(/_/g, ' ')}); describe the need without names, contact details, dates or places`,
      { field, found },
    );
  }
}

import { DomainError } from '@fund/event-sourcing';
import { detectPersonalInfo, type PersonalInfoKind } from './personal-info/personal-info';
import type { PersonTagger } from './personal-info/tagger';

export type IdentifierKind = 'email_address' | 'phone_number' | 'ssn' | 'date' | 'street_address' | 'url' | PersonalInfoKind;

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
    /\b\d{1,6}\s+(?:(?!(?:in|at|on|to|for|from|before|after|until|and|or|the|a|an|of|with|by|per|nights?|days?|weeks?|months?|hours?|times?|sessions?|trips?|kids|children|people|gallons?|dollars?)\b)[A-Z][a-z]+\.?\s+){1,4}(?:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|boulevard|way|ct|court|pl|place|ter|terrace|hwy|highway|cir|circle|pkwy|parkway)\b\.?/i,
  ],
  ['street_address', /\b(?:apt|apartment|unit|suite|p\.?\s?o\.?\s+box)\s*#?\s*\d+/i],
  ['url', /\b(?:https?:\/\/|www\.)\S+/i],
];

/** What the advocate should take out, per kind: the refusal names the kind, never the words. */
const REMOVE: Record<IdentifierKind, string> = {
  personal_name: "a person's name (write \"the survivor\", \"her son\" or \"the landlord\" instead)",
  home_location: 'where someone lives (a street, a building, an apartment, room or lot number, or the town they live in; a town they travel to is fine)',
  street_address: 'a street address',
  phone_number: 'a phone number',
  email_address: 'an e-mail address',
  ssn: 'a Social Security number',
  date: 'a date or birth date (write "this month" or "by Friday" instead)',
  url: 'a web address',
};

/**
 * Which kinds of identifier appear in `text` (never the matches themselves). `tagger` is for
 * measuring another NLP library on the same rules; production uses the default.
 */
export function detectIdentifiers(text: string, tagger?: PersonTagger): IdentifierKind[] {
  const normalized = text.normalize('NFKC');
  return [...new Set([...patternIdentifiers(normalized), ...detectPersonalInfo(normalized, tagger)])];
}

/**
 * Contact details, numbers and dates only, without the name and residence screen: for short
 * labels (a fund's name, a protocol's title, a donor reference, a slug) that may rightly name a
 * program or a place, but never a phone number, an e-mail, an SSN, a birth date or an address.
 */
export function detectIdentifierPatterns(text: string): IdentifierKind[] {
  // Slugs and references join words with dashes and underscores: read them as spaces too.
  return [...new Set([...patternIdentifiers(text.normalize('NFKC')), ...patternIdentifiers(text.normalize('NFKC').replace(/[_]+/g, ' '))])];
}

function patternIdentifiers(normalized: string): IdentifierKind[] {
  return PATTERNS.filter(([, re]) => re.test(normalized)).map(([kind]) => kind);
}

/** The sentence a refusal gives: the field, the kinds found and what to remove; never the text. */
export function identifierRefusal(field: string, found: readonly IdentifierKind[]): string {
  return `${field} looks like it contains identifying details (${found.join(', ').replace(/_/g, ' ')}); remove ${found.map((kind) => REMOVE[kind]).join('; ')}. Describe the need without names, contact details, dates or where anyone lives`;
}

/**
 * The one screen for free text (narratives, notes, and any other text a person types): a 422
 * naming the field, the kinds of identifier found and what to remove, without echoing the text.
 */
export function assertNoIdentifiers(field: string, text: string | undefined | null): void {
  if (!text) return;
  const found = detectIdentifiers(text);
  if (found.length > 0) {
    throw new DomainError(
      'PRIVACY.IDENTIFIER_IN_TEXT',
      identifierRefusal(field, found),
      { field, found },
    );
  }
}

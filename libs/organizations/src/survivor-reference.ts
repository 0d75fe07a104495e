import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: easy to read aloud and copy into a provider's own file.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SURVIVOR_REFERENCE = /^SR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * 60 random bits, meaningless outside the provider's file: derived from nothing about the
 * survivor, so it can't be reversed or matched against another system.
 */
export function newSurvivorReference(): string {
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]);
  return `SR-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

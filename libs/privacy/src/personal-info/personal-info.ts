import { compromiseTagger, type PersonTagger, type TaggedWord } from './tagger';
import {
  ALLOWED_PHRASES,
  NAME_WORDS,
  NAMING_PHRASES,
  NEVER_NAMES,
  NOT_A_PERSON_AFTER_COPULA,
  PERSON_VERBS,
  RELATION_WORDS,
  RESIDENCE_WORDS,
  TITLES,
} from './vocabulary';

export type PersonalInfoKind = 'personal_name' | 'home_location';

const key = (word: string): string =>
  word
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/[.’']+$/g, '');

/** Allowed phrases by their first word, longest first, so "south portland" wins over "portland". */
const ALLOWED_BY_FIRST = new Map<string, string[][]>();
for (const phrase of ALLOWED_PHRASES) {
  const words = phrase.split(/\s+/).map(key);
  const list = ALLOWED_BY_FIRST.get(words[0]!) ?? [];
  list.push(words);
  ALLOWED_BY_FIRST.set(words[0]!, list);
}
for (const list of ALLOWED_BY_FIRST.values()) list.sort((a, b) => b.length - a.length);
const NAMING = NAMING_PHRASES.map((p) => p.split(/\s+/));

/** Words a name never is: articles, pronouns, prepositions, auxiliaries. */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'her', 'his', 'she', 'he', 'they', 'them', 'their', 'my', 'our', 'your', 'this', 'that', 'it', 'its',
  'is', 'was', 'are', 'were', 'be', 'has', 'had', 'have', 'and', 'or', 'but', 'so', 'to', 'of', 'in', 'on', 'at', 'for',
  'with', 'from', 'by', 'as', 'who', 'which', 'would', 'can', 'could', 'needs', 'need', 'wants', 'said', 'says',
]);
/** Before these, a capitalised word the library does not know is where someone goes, not who. */
const PLACE_PREPOSITIONS = new Set(['to', 'from', 'in', 'at', 'near', 'into', 'outside', 'toward', 'towards', 'via', 'around', 'of', 'on', 'off']);
/** Titles that take a name whatever its case ("Ms. hall"); kin titles need a capitalised one ("Aunt Trish", not "aunt needs"). */
const STRICT_TITLES = new Set(['ms', 'mrs', 'mr', 'miss', 'mx', 'dr']);

interface Word extends TaggedWord {
  readonly key: string;
  readonly capitalised: boolean;
  readonly sentenceStart: boolean;
  allowed: boolean;
}

const hasLetter = /\p{L}/u;
const isCapitalised = (text: string): boolean => /^\p{Lu}/u.test(text);
const isAcronym = (text: string): boolean => text.length > 1 && text === text.toUpperCase() && hasLetter.test(text);

/**
 * Capitals carry no signal in a text written in capitals ("MARIA LOPEZ NEEDS RENT"), nor in a
 * word in capitals that is no known acronym ("for KAYLA"): both are read in lowercase, where only
 * a first name the library knows counts.
 */
function normaliseCase(text: string): string {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  if (letters.length > 12 && upper / letters.length > 0.6) return text.toLowerCase();
  return text.replace(/\b\p{Lu}{4,}\b/gu, (word) => (ALLOWED_BY_FIRST.has(word.toLowerCase()) ? word : word.toLowerCase()));
}

function toWords(tagged: TaggedWord[][]): Word[][] {
  return tagged.map((sentence) => {
    const words: Word[] = [];
    for (const w of sentence) {
      if (!hasLetter.test(w.text)) continue;
      const previous = words[words.length - 1];
      // A word after ";", ":" or a dash starts a new clause, as a sentence does.
      const sentenceStart = !previous || /[;:(–—-]\s*$/.test(previous.post) || /^\s*[-–—(]/.test(w.pre);
      words.push({ ...w, key: key(w.text), capitalised: isCapitalised(w.text) && !isAcronym(w.text), sentenceStart, allowed: false });
    }
    markAllowed(words);
    return words;
  });
}

function markAllowed(words: Word[]): void {
  for (let i = 0; i < words.length; i++) {
    const candidates = ALLOWED_BY_FIRST.get(words[i]!.key);
    const phrase = candidates?.find((p) => p.every((part, j) => words[i + j]?.key === part));
    if (!phrase) continue;
    for (let j = 0; j < phrase.length; j++) words[i + j]!.allowed = true;
    i += phrase.length - 1;
  }
}

function followsNaming(words: Word[], i: number): boolean {
  return NAMING.some((phrase) => phrase.every((part, j) => words[i - phrase.length + j]?.key === part));
}

/** Evidence after a word that it is someone: a verb people do, a possessive, a surname. */
function personFollows(words: Word[], i: number): boolean {
  const word = words[i]!;
  if (word.possessive) return true;
  const next = words[i + 1];
  if (!next || /[,;:.!?]/.test(word.post)) return false;
  if (next.capitalised && !next.allowed && (next.person || next.properNoun)) return true;
  if (next.key === 'and' || next.key === '&') return ['her', 'his', 'their', 'the'].includes(words[i + 2]?.key ?? '');
  if (!PERSON_VERBS.has(next.key)) return false;
  if (next.key === 'is' || next.key === 'was') return !NOT_A_PERSON_AFTER_COPULA.has(words[i + 2]?.key ?? '');
  return true;
}

function isName(words: Word[], i: number): boolean {
  const word = words[i]!;
  if (FUNCTION_WORDS.has(word.key) || isAcronym(word.text) || /\d/.test(word.text)) return false;
  const previous = words[i - 1];
  const before = previous?.key ?? '';
  const nameWord = NAME_WORDS.has(word.key);

  // "Ms. hall", "Aunt Trish", "goes by Red": the words before say a name follows.
  if (previous && STRICT_TITLES.has(before) && !word.allowed) return true;
  if (previous && TITLES.has(before) && word.capitalised && (!word.allowed || nameWord) && !RELATION_WORDS.has(word.key)) return true;
  if (followsNaming(words, i)) return true;
  // "her son Tyler", "her ex, Travis", "her daughter April": a relation, then a name.
  if (previous && RELATION_WORDS.has(before) && !previous.possessive && (word.capitalised || (word.firstName && !nameWord))) {
    if (!word.allowed || nameWord) return true;
  }
  if (word.allowed || RELATION_WORDS.has(word.key) || NEVER_NAMES.has(word.key)) return false;

  if (!word.capitalised) {
    // Lowercase: only a first name the library knows that is not also a word ("maria", not "bill").
    return word.firstName && !nameWord && !word.placeOrOrganization;
  }
  if (word.sentenceStart) {
    if (nameWord) return personFollows(words, i);
    if (word.person && !word.placeOrOrganization) return true;
    // "Mbeki and her kids": only a person has "her kids", whatever the library knows of the word.
    if (words[i + 1]?.key === 'and' && ['her', 'his', 'their'].includes(words[i + 2]?.key ?? '')) return true;
    return word.properNoun && !word.placeOrOrganization && personFollows(words, i);
  }
  // Capitalised in the middle of a sentence.
  if (word.person || nameWord || word.possessive) return !word.placeOrOrganization || word.person;
  if (word.placeOrOrganization) return false;
  if (PLACE_PREPOSITIONS.has(before) && !personFollows(words, i)) return false;
  return word.properNoun || personFollows(words, i);
}

const STREET_SUFFIX = '(?:st|street|ave|avenue|rd|road|ln|lane|dr|drive|blvd|boulevard|way|ct|court|pl|place|ter|terrace|hwy|highway|cir|circle|pkwy|parkway)';
const STREET = new RegExp(`\\b(?:on|off|at|along)\\s+((?:outer|upper|lower|north|south|east|west)\\s+)?((?:(?!(?:a|an|the|her|his|their|my|new|this|that|same|other)\\s)[\\p{L}'’]+\\s+){1,3}${STREET_SUFFIX}\\b\\.?|route\\s*\\d+\\w?|rt\\.?\\s*\\d+)`, 'giu');
const HOME_PATTERNS: readonly RegExp[] = [
  // "lives in Lewiston", "lives at the corner of ...", "living with her aunt in Skowhegan"
  /\b(?:lives?|living|lived|resides?|residing)\s+(?:[\p{L}'’]+\s+){0,4}?(?:in|at|on|off|near|by|behind|outside(?:\s+of)?|across\s+from|next\s+to)\s+(?!(?:fear|hiding|a\s+car|her\s+car|his\s+car|the\s+car|a\s+van|her\s+van|a\s+tent|a\s+shelter|the\s+shelter|a\s+motel|the\s+motel|shelters?|motels?|a\s+hotel|the\s+hotel)\b)[\p{L}\d]/iu,
  // "her apartment in Biddeford", "her home in Rumford"
  /\b(?:[Hh]er|[Hh]is|[Tt]heir|[Mm]y|[Tt]he\s+survivor's|[Aa]\s+new)\s+(?:new\s+)?(?:home|house|apartment|apt|place|trailer|camper|condo|room)\s+(?:is\s+)?(?:in|at)\s+(?!(?:a|an|the|her|his|their|risk|danger|bad|rough|need|the\s+shelter|the\s+motel)\b)\p{Lu}/u,
  // "her address is ...", "the yellow house across from ..."
  /\baddress\s+is\b/i,
  /\b(?:house|home|trailer|apartment|place|building)\s+(?:across\s+from|next\s+to|behind|beside|near|by)\s+the\b/i,
  // "Riverside Apartments", "Sunny Acres Mobile Home Park"
  /\b(?:\p{Lu}[\p{L}'’]+\s+){1,3}(?:Apartments|Apts|Mobile\s+Home\s+Park|Trailer\s+Park|Estates|Manor|Heights|Towers|Commons|Village)\b/u,
  // "room 114", "lot 14", "2nd floor, #3"
  /\b(?:room|rm|lot|space|site|floor)\s*#?\s*\d+\w?\b/i,
  // "unit B4" (a number first, "apt 4", is a street address to the patterns of identifiers.ts)
  /\b(?:unit|apt|apartment)\s*#?\s*[a-z]\d+\b/i,
];

function homeLocation(text: string): boolean {
  if (HOME_PATTERNS.some((re) => re.test(text))) return true;
  // A street without a number counts when the sentence is about where someone lives ("Her mom's place on Elm St").
  for (const sentence of text.split(/(?<=[.!?;])\s+/)) {
    for (const match of sentence.matchAll(STREET)) {
      const street = (match[2] ?? '').toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
      if (ALLOWED_PHRASES.some((p) => street === p || p.startsWith(`${street} `))) continue;
      if (RESIDENCE_WORDS.test(sentence)) return true;
    }
  }
  return false;
}

/**
 * Which kinds of personal information (a person's name, where someone lives) appear in `text`,
 * never the words themselves. Shops, programs, agencies, months and towns someone travels to
 * are not personal information.
 */
export function detectPersonalInfo(text: string, tagger: PersonTagger = compromiseTagger): PersonalInfoKind[] {
  const normalized = normaliseCase(text.normalize('NFKC'));
  const found: PersonalInfoKind[] = [];
  const sentences = toWords(tagger.sentences(normalized));
  if (sentences.some((words) => words.some((_, i) => isName(words, i)))) found.push('personal_name');
  if (homeLocation(normalized)) found.push('home_location');
  return found;
}

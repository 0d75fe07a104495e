/**
 * What the rules need from an NLP library: the sentences of a text, its words, and what the
 * library knows about each word. An interface so a second library can be measured on the same
 * rules (`libs/privacy/src/testing/wink-tagger.ts`, only in tests and benchmarks).
 */
export interface TaggedWord {
  /** As written, without surrounding punctuation and without a possessive "'s". */
  readonly text: string;
  readonly possessive: boolean;
  /** Punctuation written before and after the word ("(", ", "). */
  readonly pre: string;
  readonly post: string;
  /** The library knows it as a first name. */
  readonly firstName: boolean;
  /** The library knows it as a person (first name, surname, or a person by context). */
  readonly person: boolean;
  readonly properNoun: boolean;
  /** The library knows it as a place, an organization or a date (then it is not a name). */
  readonly placeOrOrganization: boolean;
}

export interface PersonTagger {
  readonly library: string;
  sentences(text: string): TaggedWord[][];
}

/** The parts of compromise's document this adapter reads (its Term, with tags as of /two). */
interface CompromiseTerm {
  text: string;
  pre: string;
  post: string;
  tags?: Set<string>;
}
type Compromise = (text: string) => { document: CompromiseTerm[][] };

const POSSESSIVE = /['’]s$/i;

/** Strips a possessive and surrounding quotes so "Tasha’s" reads as "Tasha". */
export function splitPossessive(text: string): { text: string; possessive: boolean } {
  const bare = text.replace(/^['’"]+|['’"]+$/g, '');
  if (POSSESSIVE.test(bare) && bare.length > 2) return { text: bare.replace(POSSESSIVE, ''), possessive: true };
  return { text: bare, possessive: false };
}

let compromise: Compromise | undefined;

/**
 * compromise (MIT): a rule-based English tagger with a lexicon of ~3,800 first names and
 * surnames, pure JavaScript, no model download. Its `two` build (tokenizer and tagger, without
 * the phrase methods of the full build) gives the same tags over the whole corpus for about 30%
 * less CPU. Loaded on first use, not at import: the worker and the command-line tools never
 * screen text, and loading costs a few hundred milliseconds.
 */
export const compromiseTagger: PersonTagger = {
  library: 'compromise',
  sentences(text: string): TaggedWord[][] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily (see above)
    compromise ??= require('compromise/two') as Compromise;
    const tag = compromise;
    return windows(text).flatMap((part) => tag(part).document.map((sentence) =>
      sentence.map((term) => {
        const tags = term.tags ?? new Set<string>();
        const { text: word, possessive } = splitPossessive(term.text);
        return {
          text: word,
          possessive: possessive || tags.has('Possessive') && POSSESSIVE.test(term.text),
          pre: term.pre,
          post: term.post,
          firstName: tags.has('FirstName') || tags.has('MaleName') || tags.has('FemaleName'),
          person: tags.has('Person') && !tags.has('Actor') && !tags.has('Pronoun'),
          properNoun: tags.has('ProperNoun'),
          placeOrOrganization: tags.has('Place') || tags.has('Organization') || tags.has('Date') || tags.has('Month') || tags.has('WeekDay'),
        };
      }),
    ));
  },
};

const WINDOW_WORDS = 60;
const WINDOW_OVERLAP = 12;

/**
 * Long texts are tagged in overlapping windows of words. compromise's cost grows faster than the
 * length of a sentence for some inputs (500 "St." in a row take 0.3-0.4 s, 250 take 0.05 s), and
 * a narrative may be 2,000 characters of anything; windows bound every call. The overlap keeps
 * each word with a dozen words of context in at least one window, which is more than the rules
 * look at.
 */
function windows(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  if (words.length <= WINDOW_WORDS) return [text];
  const parts: string[] = [];
  for (let start = 0; start < words.length; start += WINDOW_WORDS - WINDOW_OVERLAP) {
    parts.push(words.slice(start, start + WINDOW_WORDS).join(''));
    if (start + WINDOW_WORDS >= words.length) break;
  }
  return parts;
}

/** Loads the tagger now (at start, so no request pays for it). Returns the milliseconds it took. */
export function warmCompromise(): number {
  const started = performance.now();
  compromiseTagger.sentences('Warm up.');
  return performance.now() - started;
}

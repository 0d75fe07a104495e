import type { ItemEntity, ItemSentence, ItemToken, WinkMethods } from 'wink-nlp';
import { splitPossessive, type PersonTagger, type TaggedWord } from '../personal-info/tagger';

let wink: WinkMethods | undefined;

function load(): WinkMethods {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, so its load time can be measured */
  const winkNLP = require('wink-nlp') as typeof import('wink-nlp').default;
  const model = require('wink-eng-lite-web-model') as Parameters<typeof winkNLP>[0];
  /* eslint-enable @typescript-eslint/no-require-imports */
  return winkNLP(model, ['sbd', 'pos', 'ner']);
}

/**
 * The alternative measured against compromise: wink-nlp with its English lite model. It tags
 * parts of speech (PROPN for a proper noun) and entities such as dates, but has no person
 * entity and no first-name lexicon, so it only gives the rules "a proper noun".
 */
export const winkTagger: PersonTagger = {
  library: 'wink-nlp',
  sentences(text: string): TaggedWord[][] {
    wink ??= load();
    const its = wink.its;
    const doc = wink.readDoc(text);
    const dated = new Set<number>();
    doc.entities().each((entity: ItemEntity) => entity.tokens().each((token: ItemToken) => dated.add(token.index())));
    const out: TaggedWord[][] = [];
    doc.sentences().each((sentence: ItemSentence) => {
      const tokens = sentence.tokens();
      const values = tokens.out(its.value) as string[];
      const pos = tokens.out(its.pos) as string[];
      const types = tokens.out(its.type) as string[];
      const spaces = tokens.out(its.precedingSpaces) as string[];
      const words: TaggedWord[] = [];
      let pre = '';
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        const last = words[words.length - 1];
        if (last && /^['’]s$/i.test(value)) {
          words[words.length - 1] = { ...last, possessive: true };
          continue;
        }
        if (types[i] !== 'word') {
          if (last && spaces[i] === '') words[words.length - 1] = { ...last, post: last.post + value };
          else pre += value;
          continue;
        }
        const { text: word, possessive } = splitPossessive(value);
        words.push({
          text: word,
          possessive,
          pre,
          post: spaces[i + 1] ?? '',
          firstName: false,
          person: false,
          properNoun: pos[i] === 'PROPN',
          placeOrOrganization: dated.has(tokens.itemAt(i).index()),
        });
        pre = '';
      }
      out.push(words);
    });
    return out;
  },
};

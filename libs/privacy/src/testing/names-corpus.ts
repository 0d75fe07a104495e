import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectIdentifiers } from '../identifiers';

export interface LabelledNarrative {
  text: string;
  /** True when the text holds a person's name or where someone lives. */
  hasPersonalInfo: boolean;
  note: string;
}

/** The labelled narratives of `test/fixtures` (`narratives.jsonl`, or the held-out set written after the rules). */
export function loadNarratives(file = 'narratives.jsonl'): LabelledNarrative[] {
  const path = join(__dirname, '../../../../test/fixtures', file);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledNarrative);
}

export interface CorpusScore {
  positives: number;
  negatives: number;
  recall: number;
  falseRefusalRate: number;
  missed: LabelledNarrative[];
  falselyRefused: LabelledNarrative[];
}

/** Recall over the narratives with personal information, false refusals over the clean ones. */
export function scoreCorpus(corpus: LabelledNarrative[], refuses: (text: string) => boolean = (text) => detectIdentifiers(text).length > 0): CorpusScore {
  const positives = corpus.filter((n) => n.hasPersonalInfo);
  const negatives = corpus.filter((n) => !n.hasPersonalInfo);
  const missed = positives.filter((n) => !refuses(n.text));
  const falselyRefused = negatives.filter((n) => refuses(n.text));
  return {
    positives: positives.length,
    negatives: negatives.length,
    recall: positives.length === 0 ? 1 : (positives.length - missed.length) / positives.length,
    falseRefusalRate: negatives.length === 0 ? 0 : falselyRefused.length / negatives.length,
    missed,
    falselyRefused,
  };
}

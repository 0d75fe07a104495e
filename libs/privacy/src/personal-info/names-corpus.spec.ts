import { loadNarratives, scoreCorpus, type CorpusScore } from '../testing';

/**
 * The labelled narratives of test/fixtures: half name a person or say where someone lives, half
 * are clean but full of capitalised shops, programs, months and towns. The figures are printed
 * and recorded in docs/privacy-and-security.md. `narratives-holdout.jsonl` was written after the
 * rules were tuned on the first file, to show how they do on text they were not fitted to.
 */
const AIM = { recall: 0.9, falseRefusalRate: 0.05 };

function report(name: string, score: CorpusScore): void {
  const lines = [
    `${name}: ${score.positives} with personal information, ${score.negatives} clean`,
    `  recall ${score.recall.toFixed(3)} (${score.positives - score.missed.length}/${score.positives}), false refusals ${(score.falseRefusalRate * 100).toFixed(1)}% (${score.falselyRefused.length}/${score.negatives})`,
    ...score.missed.map((n) => `  missed [${n.note}]: ${n.text}`),
    ...score.falselyRefused.map((n) => `  refused [${n.note}]: ${n.text}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

describe('personal names and home locations, over the labelled corpus', () => {
  const corpus = loadNarratives();

  it('is at least 300 narratives, about half with personal information, in many forms', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const share = corpus.filter((n) => n.hasPersonalInfo).length / corpus.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    const forms = new Set(corpus.filter((n) => n.hasPersonalInfo).map((n) => n.note));
    for (const form of ['first name', 'first name lowercase', 'possessive', 'title', 'nickname', 'name also a word', 'street address', 'lives on', 'apartment', 'lives in town']) {
      expect(forms).toContain(form);
    }
    expect(new Set(corpus.map((n) => n.text)).size).toBe(corpus.length);
  });

  it(`refuses >= ${AIM.recall} of those with a name or a home, and <= ${AIM.falseRefusalRate * 100}% of the clean ones`, () => {
    const score = scoreCorpus(corpus);
    report('narratives.jsonl', score);
    expect(score.recall).toBeGreaterThanOrEqual(AIM.recall);
    expect(score.falseRefusalRate).toBeLessThanOrEqual(AIM.falseRefusalRate);
  });

  it('meets the same aims on the held-out narratives', () => {
    const score = scoreCorpus(loadNarratives('narratives-holdout.jsonl'));
    report('narratives-holdout.jsonl', score);
    expect(score.recall).toBeGreaterThanOrEqual(AIM.recall);
    expect(score.falseRefusalRate).toBeLessThanOrEqual(AIM.falseRefusalRate);
  });
});

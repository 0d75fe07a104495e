/**
 * The cost and accuracy of the personal-name and home-location screen, with compromise (in use)
 * and wink-nlp (the alternative) under the same rules, in one run.
 *
 *   npm run bench:names [-- --passes 20] [--loads 5] [--no-record]
 *
 * Accuracy: recall and false-refusal rate of the whole screen (`detectIdentifiers`) over
 * test/fixtures/narratives.jsonl and the held-out narratives-holdout.jsonl.
 * Cost: every narrative of narratives.jsonl screened `--passes` times, each call timed alone
 * (libraries interleaved pass by pass so both see the same load); median, p99 and mean per
 * narrative, after a warm-up pass. "patterns only" is the screen with a tagger that finds no
 * word, i.e. what the regular expressions and rules cost without a library.
 * Load: `--loads` fresh Node processes per library time the require and the first document
 * (the first narrative a process screens pays both; `@fund/privacy` loads compromise lazily).
 * Long inputs: the whole screen with compromise over a 2,000-character narrative and over an
 * input compromise is slow on, median of 9.
 * Aim: under 2 ms per narrative.
 */
import { execFileSync } from 'node:child_process';
import { compromiseTagger, detectIdentifiers, type PersonTagger } from '@fund/privacy';
import { loadNarratives, scoreCorpus, winkTagger } from '../libs/privacy/src/testing';
import { args, commandLine, count, fmt, machine, percentile, record, ROOT, table, today } from './lib/common';

const opts = args();
const PASSES = count(opts.get('passes'), 20);
const LOADS = count(opts.get('loads'), 5);

// Imports are hoisted: this runs after `@fund/privacy` is imported and before anything is screened.
const loadedBeforeUse = Object.keys(require.cache).some((path) => /node_modules[/\\]compromise[/\\]/.test(path));
const none: PersonTagger = { library: 'patterns only', sentences: () => [] };
const TAGGERS: readonly PersonTagger[] = [compromiseTagger, winkTagger, none];

/** Require and first-document times in a fresh process, median of `LOADS` processes. */
const LOAD_SCRIPTS: Record<string, string> = {
  compromise: `const t0 = performance.now(); const nlp = require('compromise/two'); const t1 = performance.now(); nlp('Maria needs a bus pass to Bangor.').document; const t2 = performance.now(); console.log(JSON.stringify([t1 - t0, t2 - t1]));`,
  'wink-nlp': `const t0 = performance.now(); const w = require('wink-nlp'); const m = require('wink-eng-lite-web-model'); const nlp = w(m, ['sbd', 'pos', 'ner']); const t1 = performance.now(); nlp.readDoc('Maria needs a bus pass to Bangor.').tokens().out(nlp.its.pos); const t2 = performance.now(); console.log(JSON.stringify([t1 - t0, t2 - t1]));`,
};

function loadCost(library: string): { require: number; first: number } | undefined {
  const script = LOAD_SCRIPTS[library];
  if (!script) return undefined;
  const runs: [number, number][] = [];
  for (let i = 0; i < LOADS; i++) runs.push(JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as [number, number]);
  const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  return { require: median(runs.map((r) => r[0])), first: median(runs.map((r) => r[1])) };
}

function main(): void {
  const corpus = loadNarratives();
  const holdout = loadNarratives('narratives-holdout.jsonl');
  console.log(`narratives: ${corpus.length} (${corpus.filter((n) => n.hasPersonalInfo).length} with personal information), held out: ${holdout.length}; ${PASSES} passes`);

  const timings = new Map<string, number[]>(TAGGERS.map((t) => [t.library, []]));
  // CPU time is what the screen costs the process whatever else the machine runs; wall times
  // include being descheduled, which dominates the p99 on a shared machine.
  const cpuTimes = new Map<string, number[]>(TAGGERS.map((t) => [t.library, []]));
  // A narrative's own median over the passes: a p99 made of collector pauses is not one text's cost.
  const perNarrative = new Map<string, number[][]>(TAGGERS.map((t) => [t.library, corpus.map(() => [])]));
  for (const tagger of TAGGERS) for (const n of [...corpus, ...holdout]) detectIdentifiers(n.text, tagger);
  for (let pass = 0; pass < PASSES; pass++) {
    for (const tagger of TAGGERS) {
      const times = timings.get(tagger.library)!;
      const cpu = cpuTimes.get(tagger.library)!;
      for (const [i, n] of corpus.entries()) {
        const cpuStarted = process.cpuUsage();
        const started = process.hrtime.bigint();
        detectIdentifiers(n.text, tagger);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        const used = process.cpuUsage(cpuStarted);
        cpu.push((used.user + used.system) / 1000);
        perNarrative.get(tagger.library)![i]!.push(cpu[cpu.length - 1]!);
      }
    }
  }

  const rows = TAGGERS.map((tagger) => {
    const refuses = (text: string) => detectIdentifiers(text, tagger).length > 0;
    const main = scoreCorpus(corpus, refuses);
    const held = scoreCorpus(holdout, refuses);
    const times = [...timings.get(tagger.library)!].sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const cpu = [...cpuTimes.get(tagger.library)!].sort((a, b) => a - b);
    const cpuMean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    const slowest = Math.max(...perNarrative.get(tagger.library)!.map((own) => percentile([...own].sort((a, b) => a - b), 50)));
    const load = loadCost(tagger.library);
    return [
      tagger.library,
      `${fmt(main.recall, 3)} (${main.positives - main.missed.length}/${main.positives})`,
      `${fmt(main.falseRefusalRate * 100, 1)}% (${main.falselyRefused.length}/${main.negatives})`,
      `${fmt(held.recall, 3)} (${held.positives - held.missed.length}/${held.positives})`,
      `${fmt(held.falseRefusalRate * 100, 1)}% (${held.falselyRefused.length}/${held.negatives})`,
      fmt(percentile(times, 50), 3),
      fmt(percentile(times, 99), 3),
      fmt(mean, 3),
      fmt(percentile(cpu, 50), 3),
      fmt(percentile(cpu, 99), 3),
      fmt(cpuMean, 3),
      fmt(slowest, 3),
      load ? fmt(load.require, 0) : '-',
      load ? fmt(load.first, 0) : '-',
    ];
  });

  // The longest narrative the API takes (2,000 characters), made of corpus narratives, and an
  // input that compromise handles in more than linear time without the tagger's windows.
  const longest = corpus.map((n) => n.text).join('. ').slice(0, 2000);
  const long = [['2,000 characters of corpus narratives', longest], ['500 x "St."', 'St. '.repeat(500)]].map(([name, text]) => {
    const cpu: number[] = [];
    for (let i = 0; i < 9; i++) {
      const started = process.cpuUsage();
      detectIdentifiers(text!);
      const used = process.cpuUsage(started);
      cpu.push((used.user + used.system) / 1000);
    }
    return `${name}: ${fmt(percentile(cpu.sort((a, b) => a - b), 50), 1)} ms CPU (median of 9)`;
  });

  const section = `### Personal-name screen, ${corpus.length} + ${holdout.length} narratives (${today()})

- Command: \`${commandLine('bench:names')}\`
- Machine: ${machine()}
- Per narrative: the whole screen (\`detectIdentifiers\`: patterns, then the names and home rules on the library's tags), each call timed alone, ${fmt(PASSES * corpus.length)} calls per library (${PASSES} passes over narratives.jsonl, libraries interleaved), after a warm-up pass; wall-clock times, then the process's CPU time (user + system, microsecond resolution) over each call, which leaves out the time the process waits for a core. Load: median of ${LOADS} fresh processes; "first document" is the first call after the require. Importing \`@fund/privacy\` loaded compromise: ${loadedBeforeUse ? 'yes' : 'no (it is loaded on the first screen)'}.

${table(
  ['library', 'recall', 'false refusals', 'recall, held out', 'false refusals, held out', 'median ms', 'p99 ms', 'mean ms', 'CPU median ms', 'CPU p99 ms', 'CPU mean ms', 'slowest narrative, CPU median ms', 'require ms', 'first document ms'],
  rows,
)}

Long inputs with compromise: ${long.join('; ')}.
`;
  console.log(`\n${section}`);
  record(section);
}

main();

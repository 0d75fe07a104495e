import { groupForThreads } from './rebuild-threads';

describe('spreading projections over rebuild threads', () => {
  const weights = { 'request-views': 4.3, reporting: 2.4, 'audit-ledger': 2.2, balances: 1.1, 'protocol-versions': 0.1 };
  const names = ['request-views', 'balances', 'protocol-versions', 'audit-ledger', 'reporting'];

  it('gives every projection to exactly one thread', () => {
    for (const threads of [1, 2, 3, 5, 8]) {
      const groups = groupForThreads(names, threads, weights);
      expect(groups.flat().sort()).toEqual([...names].sort());
      expect(groups.length).toBe(Math.min(threads, names.length));
      expect(groups.every((g) => g.length > 0)).toBe(true);
    }
  });

  it('balances the threads by weight, heaviest first onto the lightest thread', () => {
    expect(groupForThreads(names, 2, weights)).toEqual([
      ['request-views', 'balances'],
      ['reporting', 'audit-ledger', 'protocol-versions'],
    ]);
  });

  it('counts a projection without a weight as 1', () => {
    expect(groupForThreads(['a', 'b', 'c'], 2)).toEqual([['a', 'c'], ['b']]);
  });
});

import fc from 'fast-check';
import { PersistentMap } from './persistent-map';

describe('PersistentMap', () => {
  it('given any sequence of sets and deletes, then it holds what a Map and a spread record would, in the record key order', () => {
    const key = fc.oneof(fc.constantFrom('a', 'b', 'c', '__proto__', 'toString', '12', '3'), fc.uuid(), fc.string({ maxLength: 4 }));
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key, value: fc.integer(), toEnd: fc.boolean() }),
      fc.record({ kind: fc.constant('delete' as const), key }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        let map = PersistentMap.empty<number>();
        let record: Record<string, number> = {};
        for (const o of ops) {
          const before = map;
          const beforeEntries = before.entries();
          if (o.kind === 'set') {
            map = map.set(o.key, o.value, o.toEnd);
            if (o.toEnd) {
              const { [o.key]: _gone, ...rest } = record;
              record = { ...rest, [o.key]: o.value };
            } else {
              record = { ...record, [o.key]: o.value };
            }
          } else {
            map = map.delete(o.key);
            const { [o.key]: _gone, ...rest } = record;
            record = rest;
          }
          // The map before the change is unchanged by it.
          expect(before.entries()).toEqual(beforeEntries);
        }
        expect(map.size).toBe(Object.keys(record).length);
        expect(map.entries()).toEqual(Object.entries(record));
        expect(Object.keys(map.toRecord())).toEqual(Object.keys(record));
        for (const k of Object.keys(record)) expect(map.get(k)).toBe(record[k]);
        expect(Object.getPrototypeOf(map.toRecord())).toBe(Object.prototype);
      }),
      { numRuns: 200 },
    );
  });

  it('given thousands of keys, then each is found, the old versions are kept, and deleting them all leaves it empty', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `request-${i}`);
    const versions = [PersistentMap.empty<number>()];
    for (const [i, k] of keys.entries()) versions.push(versions.at(-1)!.set(k, i));
    const full = versions.at(-1)!;
    expect(full.size).toBe(5_000);
    expect(keys.every((k, i) => full.get(k) === i)).toBe(true);
    expect(versions[100]!.size).toBe(100);
    expect(versions[100]!.has('request-100')).toBe(false);
    expect(versions[100]!.get('request-99')).toBe(99);
    const emptied = keys.reduce((m, k) => m.delete(k), full);
    expect(emptied.size).toBe(0);
    expect(emptied.entries()).toEqual([]);
    expect(full.size).toBe(5_000);
  });
});

/**
 * An immutable map from strings, changed by returning a new map that shares all but one path with
 * the old (a hash trie of 32-way branches). The fund's folded state keeps every payment it ever
 * recorded: copying a plain record at each event made folding a fund's history quadratic, while
 * a change here copies a few short arrays, and every earlier state stays exactly as it was.
 *
 * Each entry remembers when it was set, so `toRecord` gives the keys in the order a plain record
 * built by spreads would have had (a key set again keeps its place, unless it was moved to the end).
 */
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** A leaf splits into a branch beyond this many entries, while hash bits remain. */
const LEAF_MAX = 8;
const MAX_SHIFT = 30;

interface Entry<V> {
  readonly key: string;
  readonly hash: number;
  readonly value: V;
  readonly seq: number;
}
type Leaf<V> = readonly Entry<V>[];
interface Branch<V> {
  readonly children: readonly (Node<V> | undefined)[];
}
type Node<V> = Leaf<V> | Branch<V>;

const isLeaf = <V>(node: Node<V>): node is Leaf<V> => Array.isArray(node);

/** FNV-1a over UTF-16 code units: keys are ids, short and well spread. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function find<V>(node: Node<V> | undefined, key: string, hash: number): Entry<V> | undefined {
  let shift = 0;
  while (node && !isLeaf(node)) {
    node = node.children[(hash >>> shift) & MASK];
    shift += BITS;
  }
  return node?.find((e) => e.key === key);
}

function split<V>(entries: Leaf<V>, shift: number): Node<V> {
  if (entries.length <= LEAF_MAX || shift > MAX_SHIFT) return entries;
  const buckets: Entry<V>[][] = [];
  for (const e of entries) (buckets[(e.hash >>> shift) & MASK] ??= []).push(e);
  const children: (Node<V> | undefined)[] = new Array<Node<V> | undefined>(WIDTH).fill(undefined);
  buckets.forEach((bucket, i) => (children[i] = split(bucket, shift + BITS)));
  return { children };
}

/** `entry` undefined removes `key`. */
function put<V>(node: Node<V> | undefined, key: string, hash: number, entry: Entry<V> | undefined, shift: number): Node<V> | undefined {
  if (!node || isLeaf(node)) {
    const kept = (node ?? []).filter((e) => e.key !== key);
    if (!entry) return kept.length > 0 ? kept : undefined;
    kept.push(entry);
    return split(kept, shift);
  }
  const i = (hash >>> shift) & MASK;
  const child = put(node.children[i], key, hash, entry, shift + BITS);
  const children = node.children.slice();
  children[i] = child;
  return { children };
}

function collect<V>(node: Node<V> | undefined, out: Entry<V>[]): void {
  if (!node) return;
  if (isLeaf(node)) out.push(...node);
  else for (const child of node.children) collect(child, out);
}

export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(undefined, 0, 0);

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
    private readonly nextSeq: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  /** Entries in the record's own key order. */
  static fromRecord<V>(record: Readonly<Record<string, V>>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of Object.entries(record)) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    return find(this.root, key, hashOf(key))?.value;
  }

  has(key: string): boolean {
    return find(this.root, key, hashOf(key)) !== undefined;
  }

  /** `toEnd`: the key takes the last place even if it was there before (as delete-then-add does). */
  set(key: string, value: V, toEnd = false): PersistentMap<V> {
    const hash = hashOf(key);
    const before = find(this.root, key, hash);
    const seq = before && !toEnd ? before.seq : this.nextSeq;
    return new PersistentMap(put(this.root, key, hash, { key, hash, value, seq }, 0), this.size + (before ? 0 : 1), this.nextSeq + 1);
  }

  delete(key: string): PersistentMap<V> {
    const hash = hashOf(key);
    if (!find(this.root, key, hash)) return this;
    return new PersistentMap(put(this.root, key, hash, undefined, 0), this.size - 1, this.nextSeq);
  }

  /** Entries in the order the record's keys take (integer-like keys first, as objects order them). */
  entries(): [string, V][] {
    return Object.entries(this.toRecord());
  }

  /** A plain record of the entries (built anew: callers may keep it). */
  toRecord(): Record<string, V> {
    const out: Entry<V>[] = [];
    collect(this.root, out);
    out.sort((a, b) => a.seq - b.seq);
    const record: Record<string, V> = {};
    for (const { key, value } of out) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    return record;
  }
}

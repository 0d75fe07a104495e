import { announce, h, replace, type Child } from './dom.js';
import { emptyState, loadError, loading } from './ui.js';

/** Items per page of a long list; the api's list routes take at most 200 (limit) at a time. */
export const PAGE_SIZE = 20;

export interface PagedListOptions<T> {
  /** What the list holds, in words that fit "Next page of …": "requests to pay". */
  readonly noun: string;
  readonly pageSize?: number;
  /** One page from the api: at most `limit` items from `offset` (the list routes' limit/offset). */
  readonly fetch: (limit: number, offset: number) => Promise<readonly T[]>;
  readonly render: (items: readonly T[]) => Child;
  readonly empty: string;
}

/**
 * A long list, one page at a time, with previous/next buttons. It asks the api for one item
 * more than it shows: that is how it knows a next page exists (the list routes give no count).
 */
export class PagedList<T> {
  readonly element: HTMLDivElement;
  /** The items on the page shown. */
  items: readonly T[] = [];
  private readonly body = h('div', { class: 'paged-items' }, loading());
  private readonly position = h('span', { class: 'pager-position' });
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly nav: HTMLElement;
  private readonly size: number;
  private offset = 0;
  private loads = 0;

  constructor(private readonly options: PagedListOptions<T>) {
    this.size = options.pageSize ?? PAGE_SIZE;
    const ofNoun = h('span', { class: 'visually-hidden' }, ` of ${options.noun}`);
    this.previous = h('button', { type: 'button' }, 'Previous page', ofNoun.cloneNode(true));
    this.next = h('button', { type: 'button' }, 'Next page', ofNoun);
    this.previous.addEventListener('click', () => void this.turn(-1));
    this.next.addEventListener('click', () => void this.turn(1));
    this.nav = h('nav', { class: 'pager', 'aria-label': `Pages of ${options.noun}`, hidden: true }, this.previous, this.position, this.next);
    this.element = h('div', { class: 'paged' }, this.body, this.nav);
  }

  /**
   * Shows the page starting at `offset` (the current one by default); a failure is shown in place.
   * After a command, loading again shows it: every read waits for this session's last write.
   */
  async load(offset = this.offset): Promise<void> {
    // Only the latest load may show its answer: a filter changed twice quickly must not end on the
    // first filter's list because its answer came last. While a load is under way the list says
    // it is busy (assistive technology, and tests, wait for the answer rather than read the old list).
    const mine = ++this.loads;
    this.element.setAttribute('aria-busy', 'true');
    try {
      const page = await this.options.fetch(this.size + 1, offset);
      if (mine === this.loads) await this.show(offset, page);
    } catch (error) {
      if (mine !== this.loads) return;
      this.nav.hidden = true;
      replace(this.body, loadError(error, () => void this.load(offset)));
    } finally {
      if (mine === this.loads) this.element.removeAttribute('aria-busy');
    }
  }

  private async show(offset: number, page: readonly T[]): Promise<void> {
    // The last item of the last page was acted on (voted, paid): step back a page.
    if (page.length === 0 && offset > 0) {
      await this.load(Math.max(0, offset - this.size));
      return;
    }
    this.offset = offset;
    this.items = page.slice(0, this.size);
    const hasNext = page.length > this.size;
    replace(this.body, this.items.length === 0 ? emptyState(this.options.empty) : this.options.render(this.items));
    this.nav.hidden = offset === 0 && !hasNext;
    this.previous.disabled = offset === 0;
    this.next.disabled = !hasNext;
    replace(this.position, this.items.length ? `${offset + 1}–${offset + this.items.length}` : '');
  }

  private async turn(direction: 1 | -1): Promise<void> {
    const button = direction === 1 ? this.next : this.previous;
    button.disabled = true;
    await this.load(Math.max(0, this.offset + direction * this.size));
    announce(`Showing ${this.options.noun} ${this.offset + 1} to ${this.offset + this.items.length}`);
    // Keep keyboard focus on a pager button that still does something.
    if (button.disabled) (direction === 1 ? this.previous : this.next).focus();
  }
}

/**
 * For a list route without limit/offset, or when a screen must sift every row itself: reads
 * every page (up to `max` items) so the screen can page what it keeps on the client.
 */
export async function readAll<T>(fetch: (limit: number, offset: number) => Promise<readonly T[]>, max = 1000): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; offset < max; offset += 200) {
    const page = await fetch(200, offset);
    all.push(...page);
    if (page.length < 200) break;
  }
  return all;
}

/** Pages a list already in memory through the same control. */
export function pagedLocal<T>(items: readonly T[], options: Omit<PagedListOptions<T>, 'fetch'>): PagedList<T> {
  return new PagedList<T>({ ...options, fetch: (limit, offset) => Promise.resolve(items.slice(offset, offset + limit)) });
}

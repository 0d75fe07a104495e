import { afterEach, describe, expect, it } from 'vitest';
import { h } from './dom.js';
import { PAGE_SIZE, PagedList, pagedLocal, readAll } from './paging.js';

const numbers = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** A list route over `rows`: at most `limit` from `offset`, and every call it answered. */
function route(rows: () => readonly number[]) {
  const calls: [number, number][] = [];
  return {
    calls,
    fetch: (limit: number, offset: number): Promise<readonly number[]> => {
      calls.push([limit, offset]);
      return Promise.resolve(rows().slice(offset, offset + limit));
    },
  };
}

function list(fetch: (limit: number, offset: number) => Promise<readonly number[]>, pageSize?: number): PagedList<number> {
  const paged = new PagedList<number>({
    noun: 'requests',
    pageSize,
    fetch,
    empty: 'No requests yet.',
    render: (items) => h('ul', null, items.map((i) => h('li', null, i))),
  });
  document.body.append(paged.element);
  return paged;
}

const shown = (paged: PagedList<number>): string[] => [...paged.element.querySelectorAll('li')].map((li) => li.textContent ?? '');
const nav = (paged: PagedList<number>) => {
  const [previous, position, next] = [...paged.element.querySelector('nav')!.children] as [HTMLButtonElement, HTMLElement, HTMLButtonElement];
  return { element: paged.element.querySelector('nav')!, previous, position, next };
};
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => document.body.replaceChildren());

describe('PagedList', () => {
  it('asks for one item more than a page to know whether a next page exists', async () => {
    const api = route(() => numbers(PAGE_SIZE + 1));
    const paged = list(api.fetch);
    await paged.load();
    expect(api.calls).toEqual([[PAGE_SIZE + 1, 0]]);
    expect(shown(paged)).toHaveLength(PAGE_SIZE);
    expect(paged.items).toEqual(numbers(PAGE_SIZE));
    const { element, previous, position, next } = nav(paged);
    expect(element.hidden).toBe(false);
    expect(element.getAttribute('aria-label')).toBe('Pages of requests');
    expect(position.textContent).toBe(`1–${PAGE_SIZE}`);
    expect(previous.disabled).toBe(true);
    expect(next.disabled).toBe(false);
    expect(next.textContent).toBe('Next page of requests');
  });

  it('turns pages with the buttons and keeps focus on a button that still does something', async () => {
    const api = route(() => numbers(5));
    const paged = list(api.fetch, 2);
    await paged.load();
    const { previous, position, next } = nav(paged);
    next.click();
    await settle();
    expect(shown(paged)).toEqual(['3', '4']);
    expect(position.textContent).toBe('3–4');
    next.focus();
    next.click();
    await settle();
    expect(shown(paged)).toEqual(['5']);
    expect(next.disabled).toBe(true);
    expect(document.activeElement).toBe(previous);
    previous.click();
    await settle();
    expect(shown(paged)).toEqual(['3', '4']);
    expect(api.calls.map(([, offset]) => offset)).toEqual([0, 2, 4, 2]);
  });

  it('hides the pager when everything fits on one page, and says when there is nothing', async () => {
    let rows = numbers(3);
    const paged = list(route(() => rows).fetch);
    await paged.load();
    expect(nav(paged).element.hidden).toBe(true);
    rows = [];
    await paged.load();
    expect(paged.element.querySelector('.empty')?.textContent).toBe('No requests yet.');
  });

  it('steps back a page when the last item of the last page was acted on', async () => {
    let rows = numbers(3);
    const paged = list(route(() => rows).fetch, 2);
    await paged.load(2);
    expect(shown(paged)).toEqual(['3']);
    rows = numbers(2);
    await paged.load();
    expect(shown(paged)).toEqual(['1', '2']);
    expect(nav(paged).position.textContent).toBe('1–2');
  });

  it('shows a failed load in place, with a way to try again', async () => {
    let fail = true;
    const paged = list((limit, offset) => (fail ? Promise.reject(new Error('The service could not be reached')) : Promise.resolve(numbers(3).slice(offset, offset + limit))));
    await paged.load();
    const notice = paged.element.querySelector('.notice.error')!;
    expect(notice.textContent).toContain('Could not load this. The service could not be reached');
    expect(nav(paged).element.hidden).toBe(true);
    fail = false;
    notice.querySelector('button')!.click();
    await settle();
    expect(shown(paged)).toEqual(['1', '2', '3']);
  });

  it('shows only the latest load: an older answer arriving last does not replace the newer list, and the list is busy until the latest answers', async () => {
    const answers: ((rows: readonly number[]) => void)[] = [];
    const paged = list(() => new Promise<readonly number[]>((resolve) => answers.push(resolve)));
    const first = paged.load(0);
    const second = paged.load(0);
    expect(paged.element.getAttribute('aria-busy')).toBe('true');
    answers[1]!([7, 8]);
    await second;
    expect(shown(paged)).toEqual(['7', '8']);
    expect(paged.element.hasAttribute('aria-busy')).toBe(false);
    answers[0]!([1, 2, 3]);
    await first;
    expect(shown(paged)).toEqual(['7', '8']);
    expect(paged.element.hasAttribute('aria-busy')).toBe(false);
  });
});

describe('readAll', () => {
  it('reads every page of 200 until a short one', async () => {
    const api = route(() => numbers(450));
    expect(await readAll(api.fetch)).toEqual(numbers(450));
    expect(api.calls).toEqual([
      [200, 0],
      [200, 200],
      [200, 400],
    ]);
  });

  it('stops at the most it was asked for', async () => {
    const api = route(() => numbers(5000));
    expect(await readAll(api.fetch, 400)).toHaveLength(400);
  });
});

describe('pagedLocal', () => {
  it('pages a list already in memory through the same control', async () => {
    const paged = pagedLocal(numbers(25), { noun: 'receipts due', empty: 'None.', render: (items) => h('ul', null, items.map((i) => h('li', null, i))) });
    document.body.append(paged.element);
    await paged.load();
    expect(shown(paged)).toHaveLength(PAGE_SIZE);
    await paged.load(PAGE_SIZE);
    expect(shown(paged)).toEqual(['21', '22', '23', '24', '25']);
  });
});

/**
 * Tiny DOM helpers. Everything is built with createElement and text nodes, never innerHTML,
 * so nothing the api returns can become markup.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Children = readonly Child[];
type Listener = (event: Event) => void;
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined | Listener>>;

function applyAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
}

function append(el: Node, children: Children): void {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(el, child as Children);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else if (child !== null && child !== undefined && child !== false) {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** `h('p', { class: 'hint' }, 'text', otherNode)` */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Children): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (charts). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Children): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replaces an element's content. */
export function replace(el: Element, ...children: Children): void {
  el.replaceChildren();
  append(el, children);
}

let counter = 0;
/** A page-unique id for label/for and aria-describedby pairs. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix.replace(/[^A-Za-z0-9-]/g, '-')}-${counter}`;
}

/** Polite announcement for screen readers (the persistent live region in index.html). */
export function announce(message: string): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node on the next frame makes screen readers announce repeated messages too.
  requestAnimationFrame(() => {
    region.textContent = message;
  });
}

/** A definition list from label/value pairs; empty values are left out. */
export function details(pairs: readonly (readonly [string, Child])[]): HTMLDListElement {
  const dl = h('dl', { class: 'facts' });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('div', null, h('dt', null, label), h('dd', null, value)));
  }
  return dl;
}

/** A table wrapper that scrolls sideways on a phone and can be scrolled with the keyboard. */
export function scrollTable(label: string, table: HTMLTableElement): HTMLDivElement {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

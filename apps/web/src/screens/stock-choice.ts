import { get } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { labelled } from '../forms.js';
import type { StockItem } from '../types.js';
import { errorText, loading } from '../ui.js';
/**
 * The serials on hand of the card item chosen in `itemSelect`, as checkboxes (goods have none).
 * Ticking serials sets `quantity` to their number.
 */
export function serialChooser(itemSelect: HTMLSelectElement, quantity: HTMLInputElement): { box: HTMLElement; chosen(): string[] | null } {
  const box = h('div', { class: 'choices serials' }, h('p', { class: 'hint' }, 'Choose an item first.'));
  let boxes: HTMLInputElement[] = [];
  let cards = false;
  itemSelect.addEventListener('change', () => {
    boxes = [];
    cards = false;
    const itemId = itemSelect.value;
    if (!itemId) {
      replace(box, h('p', { class: 'hint' }, 'Choose an item first.'));
      return;
    }
    replace(box, loading('Loading serials…'));
    void get<StockItem>(`/stock/${encodeURIComponent(itemId)}`)
      .then((s) => {
        // Another item was chosen while this one loaded.
        if (itemSelect.value !== itemId) return;
        if (!s.availableSerials) {
          replace(box, h('p', { class: 'hint' }, 'Goods have no serials.'));
          return;
        }
        cards = true;
        boxes = s.availableSerials.map((serial) => h('input', { type: 'checkbox', value: serial, id: uid(`serial-${serial}`) }));
        for (const b of boxes) b.addEventListener('change', () => (quantity.value = String(Math.max(1, boxes.filter((x) => x.checked).length))));
        replace(box, boxes.length ? boxes.map((b) => labelled(b, b.value)) : h('p', { class: 'hint' }, 'No cards left on hand.'));
      })
      .catch((error: unknown) => replace(box, h('p', { class: 'error-text' }, errorText(error))));
  });
  return { box, chosen: () => (cards ? boxes.filter((b) => b.checked).map((b) => b.value) : null) };
}

/** Stock refusals name no field; these are the fields they are about. */
export const STOCK_ERROR_FIELDS: Readonly<Record<string, string>> = {
  'INVENTORY.SERIALS_REQUIRED': 'serials',
  'INVENTORY.UNKNOWN_SERIAL': 'serials',
  'INVENTORY.SERIALS_NOT_ALLOWED': 'serials',
  'INVENTORY.INSUFFICIENT_STOCK': 'quantity',
  'INVENTORY.NOT_FOUND': 'itemId',
};

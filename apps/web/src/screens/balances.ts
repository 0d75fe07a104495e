import { IdempotentRetry, get, post } from '../api.js';
import { h, replace, scrollTable } from '../dom.js';
import { centsOf, FieldProblem, Form, input, moneyInput, select, selectOf } from '../forms.js';
import { codes, label, money, today } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { FundBalance, Items, StockAdjusted, StockBalance } from '../types.js';
import { emptyState, loadError, loading, PageStatus, pageHeading } from '../ui.js';
import { serialChooser, STOCK_ERROR_FIELDS } from './stock-choice.js';
/** Coordinator (and auditor): what each fund holds and what is in stock; the coordinator also writes stock off. */
export async function renderBalances({ main, session }: ScreenContext): Promise<void> {
  const fundsBox = h('div', null, loading());
  const stockBox = h('div', null, loading());
  main.append(
    ...pageHeading('Balances', 'Available = balance minus what is reserved for approved requests.'),
    h('section', { 'aria-labelledby': 'funds-h' }, h('h2', { id: 'funds-h' }, 'Funds'), fundsBox),
    h('section', { 'aria-labelledby': 'stock-h' }, h('h2', { id: 'stock-h' }, 'In-kind stock'), stockBox),
  );
  let funds: Items<FundBalance> = { items: [] };
  try {
    funds = await get<Items<FundBalance>>('/balances/funds');
    replace(
      fundsBox,
      funds.items.length === 0
        ? emptyState('No fund is open.')
        : scrollTable(
            'Fund balances',
            h(
              'table',
              null,
              h('caption', { class: 'visually-hidden' }, 'Fund balances'),
              h('thead', null, h('tr', null, ['Fund', 'Received', 'Paid out', 'Balance', 'Reserved', 'Available'].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                funds.items.map((f) =>
                  h(
                    'tr',
                    null,
                    h('th', { scope: 'row' }, f.name, f.restricted ? h('span', { class: 'badge' }, 'restricted') : null, h('br'), h('span', { class: 'ref' }, f.fundId)),
                    h('td', { class: 'num' }, money(f.receivedCents)),
                    h('td', { class: 'num' }, money(f.disbursedCents)),
                    h('td', { class: 'num' }, money(f.balanceCents)),
                    h('td', { class: 'num' }, money(f.reservedCents)),
                    h('td', { class: 'num strong' }, money(f.availableCents)),
                  ),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    replace(fundsBox, loadError(error));
  }
  const drawStock = (stock: Items<StockBalance>): void => {
    replace(
      stockBox,
      stock.items.length === 0
        ? emptyState('Nothing in stock.')
        : scrollTable(
            'Stock levels',
            h(
              'table',
              null,
              h('caption', { class: 'visually-hidden' }, 'Stock levels'),
              h('thead', null, h('tr', null, ['Item', 'Kind', 'Category', 'Unit value', 'On hand', 'Value on hand', 'Received', 'Issued', 'Written off'].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                stock.items.map((s) =>
                  h(
                    'tr',
                    { class: s.onHand === 0 ? 'muted' : null },
                    h('th', { scope: 'row' }, s.itemId),
                    h('td', null, label('itemKind', s.kind)),
                    h('td', null, label('category', s.category)),
                    h('td', { class: 'num' }, money(s.unitValueCents)),
                    h('td', { class: 'num strong' }, String(s.onHand)),
                    h('td', { class: 'num' }, money(s.valueOnHandCents)),
                    h('td', { class: 'num' }, String(s.received)),
                    h('td', { class: 'num' }, String(s.issued)),
                    h('td', { class: 'num' }, String(s.writtenOff)),
                  ),
                ),
              ),
            ),
          ),
    );
  };
  let stock: Items<StockBalance>;
  try {
    stock = await get<Items<StockBalance>>('/balances/stock');
    drawStock(stock);
  } catch (error) {
    replace(stockBox, loadError(error));
    return;
  }
  if (session.role !== 'coordinator') return;
  const status = new PageStatus();
  const adjust = h('div');
  // After an adjustment or a sale: say so, show the new levels, and redraw both forms from them.
  const afterStockWrite = async (said: PageStatus, message: string): Promise<void> => {
    said.success(message);
    try {
      stock = await get<Items<StockBalance>>('/balances/stock');
      drawStock(stock);
    } catch (error) {
      // Still behind after the retries: say so rather than show the level before the write.
      replace(stockBox, loadError(error));
    }
    drawAdjust();
    drawSale();
  };
  const drawAdjust = (): void => {
    replace(
      adjust,
      stockAdjustmentForm(stock.items, (message) => afterStockWrite(status, message)),
    );
  };
  drawAdjust();
  const saleStatus = new PageStatus();
  const sale = h('div');
  const drawSale = (): void => {
    replace(
      sale,
      stockSaleForm(stock.items, funds.items, (message) => afterStockWrite(saleStatus, message)),
    );
  };
  drawSale();
  main.append(
    h(
      'section',
      { 'aria-labelledby': 'adjust-h' },
      h('h2', { id: 'adjust-h' }, 'Take stock out'),
      h('p', { class: 'hint' }, 'For cards, passes or goods that left without a payment: lost, expired, damaged, or fewer counted than recorded. More stock comes in as a donation.'),
      status.element,
      adjust,
    ),
    h(
      'section',
      { 'aria-labelledby': 'sale-h' },
      h('h2', { id: 'sale-h' }, 'Record a sale'),
      h('p', { class: 'hint' }, 'Donated cards or goods sold instead of given out. The proceeds go into a fund without restrictions as money; bought cards and anything already handed over cannot be sold.'),
      saleStatus.element,
      sale,
    ),
  );
}

/** Coordinator: record the sale of donated stock, by serial for cards; the buyer is a registered payee or a kind of buyer, never a name. */
function stockSaleForm(stock: readonly StockBalance[], funds: readonly FundBalance[], done: (message: string) => Promise<void>): HTMLElement {
  const available = stock.filter((s) => s.onHand > 0);
  if (available.length === 0) return emptyState('Nothing in stock to sell.');
  const retry = new IdempotentRetry();
  const itemSelect = selectOf(
    available.map((s) => [s.itemId, `${s.itemId}: ${label('itemKind', s.kind)}, ${s.onHand} on hand`] as const),
    null,
    'Choose an item',
  );
  const quantity = input({ type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric', class: 'short' });
  const serials = serialChooser(itemSelect, quantity);
  const saleId = input({ autocomplete: 'off', placeholder: 'sale-coats-a' });
  const proceeds = moneyInput();
  const general = funds.filter((f) => !f.restricted);
  const fund = selectOf(
    general.map((f) => [f.fundId, f.name] as const),
    general.length === 1 ? general[0]!.fundId : null,
    'Choose a fund',
  );
  const buyerKind = select('buyerKind', codes('buyerKind'), 'resale_vendor');
  const buyerPayeeId = input({ autocomplete: 'off', placeholder: 'card-exchange' });
  const soldOn = input({ type: 'date', value: today(), max: today() });
  const form = new Form({
    title: 'Record a sale',
    submitLabel: 'Record the sale',
    busyLabel: 'Recording…',
    fieldsByCode: {
      ...STOCK_ERROR_FIELDS,
      'INVENTORY.NOT_DONATED': 'itemId',
      'INVENTORY.UNKNOWN_BUYER': 'buyerPayeeId',
      'INVENTORY.BUYER_PAYEE_ID': 'buyerPayeeId',
      'INVENTORY.SALE_ALREADY_RECORDED': 'saleId',
      'INVENTORY.SOLD_IN_FUTURE': 'soldOn',
      'FUND.RESTRICTION_MISMATCH': 'fundId',
      'PERIOD.CLOSED': 'soldOn',
    },
    onSubmit: async () => {
      if (!itemSelect.value) throw new FieldProblem('itemId', 'Choose the item');
      const count = Number(quantity.value);
      if (!Number.isInteger(count) || count < 1) throw new FieldProblem('quantity', 'Enter a whole number of units, 1 or more');
      if (!fund.value) throw new FieldProblem('fundId', 'Choose the fund the proceeds go into');
      const payee = buyerPayeeId.value.trim();
      if (buyerKind.value === 'payee' && !payee) throw new FieldProblem('buyerPayeeId', 'Name the payee who bought it, or choose another kind of buyer');
      const body: Record<string, unknown> = {
        saleId: saleId.value.trim(),
        quantity: count,
        proceedsCents: centsOf(proceeds, 'proceedsCents'),
        fundId: fund.value,
        buyerKind: buyerKind.value,
        soldOn: soldOn.value,
      };
      if (buyerKind.value === 'payee') body.buyerPayeeId = payee;
      const chosen = serials.chosen();
      if (chosen) body.serials = chosen;
      const after = await post<StockAdjusted>(`/stock/${encodeURIComponent(itemSelect.value)}/sales`, body, retry);
      await done(`Sale recorded: ${count} unit${count === 1 ? '' : 's'} of ${after.itemId} sold for ${money(body.proceedsCents as number)}; ${after.onHand} left on hand.`);
    },
  });
  form.body.append(
    form.field(itemSelect, { name: 'itemId', label: 'Item', required: true }),
    form.field(quantity, { name: 'quantity', label: 'How many units', required: true }),
    form.group('serials', 'Card serials sold', serials.box, 'Cards: tick the serial of each card sold. The quantity follows.'),
    form.field(saleId, { name: 'saleId', label: 'Sale id', required: true, hint: 'A short slug naming this sale, like sale-coats-a (no names, no dates).' }),
    form.field(proceeds, { name: 'proceedsCents', label: 'Proceeds (dollars)', required: true, hint: 'What the buyer paid; 0 if nothing.' }),
    form.field(fund, { name: 'fundId', label: 'Fund the proceeds go into', required: true }),
    form.field(buyerKind, { name: 'buyerKind', label: 'Buyer', required: true }),
    form.field(buyerPayeeId, { name: 'buyerPayeeId', label: 'Buyer payee id', hint: 'Only for a registered payee.' }),
    form.field(soldOn, { name: 'soldOn', label: 'Sold on', required: true }),
  );
  return form.element;
}

/** Coordinator: write stock off (lost, expired, damaged) or correct a count, by serial for cards. */
function stockAdjustmentForm(stock: readonly StockBalance[], done: (message: string) => Promise<void>): HTMLElement {
  const available = stock.filter((s) => s.onHand > 0);
  if (available.length === 0) return emptyState('Nothing in stock to take out.');
  const retry = new IdempotentRetry();
  const itemSelect = selectOf(
    available.map((s) => [s.itemId, `${s.itemId}: ${label('itemKind', s.kind)}, ${s.onHand} on hand`] as const),
    null,
    'Choose an item',
  );
  const quantity = input({ type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric', class: 'short' });
  const reason = select('adjustmentReason', codes('adjustmentReason'), null, 'Choose a reason');
  const serials = serialChooser(itemSelect, quantity);
  const form = new Form({
    title: 'Take stock out',
    submitLabel: 'Take out of stock',
    fieldsByCode: { ...STOCK_ERROR_FIELDS, 'INVENTORY.INSUFFICIENT_STOCK': 'quantityDelta' },
    onSubmit: async () => {
      if (!itemSelect.value) throw new FieldProblem('itemId', 'Choose the item');
      const count = Number(quantity.value);
      if (!Number.isInteger(count) || count < 1) throw new FieldProblem('quantityDelta', 'Enter a whole number of units, 1 or more');
      const body: Record<string, unknown> = { quantityDelta: -count, reason: reason.value || undefined };
      const chosen = serials.chosen();
      if (chosen) body.serials = chosen;
      const after = await post<StockAdjusted>(`/stock/${encodeURIComponent(itemSelect.value)}/adjustments`, body, retry);
      await done(`${count} unit${count === 1 ? '' : 's'} of ${after.itemId} taken out of stock (${label('adjustmentReason', reason.value).toLowerCase()}); ${after.onHand} left on hand.`);
    },
  });
  form.body.append(
    form.field(itemSelect, { name: 'itemId', label: 'Item', required: true }),
    form.field(reason, { name: 'reason', label: 'Reason', required: true, hint: 'Count correction: fewer on hand than the records say.' }),
    form.field(quantity, { name: 'quantityDelta', label: 'How many units', required: true }),
    form.group('serials', 'Card serials taken out', serials.box, 'Cards: tick the serial of each card. The quantity follows.'),
  );
  return form.element;
}

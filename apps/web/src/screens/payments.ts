import { IdempotentRetry, get, post, query, until } from '../api.js';
import { PagedList } from '../paging.js';
import { h, replace, scrollTable, uid } from '../dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, selectOf, textarea } from '../forms.js';
import { codes, day, dollarsInput, label, money, shortId, today } from '../format.js';
import { navigate, type ScreenContext } from '../router.js';
import type { CommandResult, FundBalance, Items, OverdueReceipt, QueueItem, StockBalance, StockItem } from '../types.js';
import { emptyState, errorText, loadError, loading, PageStatus, pageHeading, queueFacts, requestTitle, urgencyBadge } from '../ui.js';
import type { Done } from './request-actions.js';

// ------------------------------------------------------------------ paying

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
const STOCK_ERROR_FIELDS: Readonly<Record<string, string>> = {
  'INVENTORY.SERIALS_REQUIRED': 'serials',
  'INVENTORY.UNKNOWN_SERIAL': 'serials',
  'INVENTORY.SERIALS_NOT_ALLOWED': 'serials',
  'INVENTORY.INSUFFICIENT_STOCK': 'quantity',
  'INVENTORY.NOT_FOUND': 'itemId',
};

/** Coordinator: pay an approved request from a fund (money) or from donated stock. */
export function paymentForm(item: { requestId: string; remainingToPayCents: number | null; paymentMethod: string }, stock: readonly StockBalance[], done: Done): HTMLFormElement {
  const retry = new IdempotentRetry();
  const moneyFields = h('div', { class: 'conditional' });
  const stockFields = h('div', { class: 'conditional', hidden: true });
  const source = radios(`source-${item.requestId}`, 'source', ['money', 'stock'], 'money', (value) => {
    moneyFields.hidden = value !== 'money';
    stockFields.hidden = value !== 'stock';
  });

  const amount = moneyInput(dollarsInput(item.remainingToPayCents));
  const method = select('paymentMethod', codes('paymentMethod'), item.paymentMethod);
  const faceValue = moneyInput();
  const faceField = h('div', { hidden: item.paymentMethod !== 'gift_card' });
  method.addEventListener('change', () => (faceField.hidden = method.value !== 'gift_card'));

  const available = stock.filter((s) => s.onHand > 0);
  const itemSelect = selectOf(
    available.map((s) => [s.itemId, `${s.itemId}: ${label('itemKind', s.kind)}, ${s.onHand} on hand at ${money(s.unitValueCents)}`] as const),
    null,
    available.length ? 'Choose an item' : 'Nothing in stock',
  );
  const quantity = input({ type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric', class: 'short' });
  const serials = serialChooser(itemSelect, quantity);

  const form = new Form({
    title: `Record a payment for request ${shortId(item.requestId)}`,
    submitLabel: 'Record payment',
    fieldsByCode: STOCK_ERROR_FIELDS,
    onSubmit: async () => {
      const from = checkedValue(source) ?? 'money';
      let body: Record<string, unknown>;
      if (from === 'money') {
        body = { source: 'money', amountCents: centsOf(amount, 'amountCents'), paymentMethod: method.value };
        if (method.value === 'gift_card') body.giftCardFaceValueCents = centsOf(faceValue, 'giftCardFaceValueCents');
      } else {
        if (!itemSelect.value) throw new FieldProblem('itemId', 'Choose the item handed over');
        const count = Number(quantity.value);
        if (!Number.isInteger(count) || count < 1) throw new FieldProblem('quantity', 'Enter a whole number of units, 1 or more');
        body = { source: 'stock', itemId: itemSelect.value, quantity: count };
        const chosen = serials.chosen();
        if (chosen) body.serials = chosen;
      }
      const result = await post<CommandResult>(`/fund-requests/${item.requestId}/disbursements`, body, retry);
      const due = result.receiptDueOn ? ` A receipt is due by ${result.receiptDueOn}.` : '';
      await done(`Payment of ${money(result.amountCents)} recorded for request ${shortId(item.requestId)}.${due}`);
    },
  });
  form.body.append(
    form.group(
      'source',
      'Pay from',
      source.map((r) => labelled(r, r.value === 'money' ? 'A fund (money)' : 'Donated stock (cards, passes, goods)')),
    ),
  );
  faceField.append(form.field(faceValue, { name: 'giftCardFaceValueCents', label: 'Face value of each gift card (US$)', required: true }));
  moneyFields.append(
    form.field(amount, { name: 'amountCents', label: 'Amount paid (US$)', required: true, hint: item.remainingToPayCents !== null ? `${money(item.remainingToPayCents)} left to pay.` : undefined }),
    form.field(method, { name: 'paymentMethod', label: 'Payment method', required: true }),
    faceField,
  );
  stockFields.append(
    form.field(itemSelect, { name: 'itemId', label: 'Item handed over', required: true }),
    form.field(quantity, { name: 'quantity', label: 'How many units', required: true }),
    form.group('serials', 'Card serials handed over', serials.box, 'Cards: tick the serial of each card. The quantity follows.'),
  );
  form.body.append(moneyFields, stockFields);
  return form.element;
}

/** Close a request: any reservation left goes back to its fund. */
function closeButton(requestId: string, status: PageStatus, done: (message: string) => Promise<void>): HTMLButtonElement {
  const retry = new IdempotentRetry();
  const close = h('button', { type: 'button' }, 'Close this request');
  close.addEventListener('click', () => {
    close.disabled = true;
    void post<CommandResult>(`/fund-requests/${requestId}/closure`, {}, retry)
      .then(() => done(`Request ${shortId(requestId)} closed; any unspent reservation went back to the fund.`))
      .catch((error: unknown) => status.error(error))
      .finally(() => (close.disabled = false));
  });
  return close;
}

const page = <T>(path: string, extra: Readonly<Record<string, string>> = {}) =>
  async (limit: number, offset: number): Promise<readonly T[]> => (await get<Items<T>>(`${path}${query({ ...extra, limit, offset })}`)).items;

/** Coordinator home: approved requests to pay, paid ones ready to close, overdue receipts. */
export async function renderPayments({ main }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const findInput = input({ autocomplete: 'off', spellcheck: 'false' });
  const find = new Form({
    title: 'Open a request by its id',
    submitLabel: 'Open',
    onSubmit: async () => {
      const id = findInput.value.trim();
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new FieldProblem('requestId', 'Enter the whole request id, like 578b667d-751d-436e-9dc9-9ce67c1cbd4a');
      navigate(`/app/requests/${id}`);
    },
  });
  find.body.append(find.field(findInput, { name: 'requestId', label: 'Request id', required: true, hint: 'To void a payment, shred a narrative or look at any request.' }));

  let stock: readonly StockBalance[] = [];
  const toClose: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'requests ready to close',
    fetch: page<QueueItem>('/queues/to-close'),
    empty: 'Nothing to close.',
    render: (items) =>
      h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('tc');
          return h(
            'article',
            { class: 'card', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle({ category: item.category, amountCents: item.approvedCents ?? item.amountCents }), ' paid in full'),
            h('p', null, `${money(item.disbursedCents)} paid, every receipt recorded or attested. `, h('a', { href: `/app/requests/${item.requestId}` }, `Details of ${shortId(item.requestId)}`)),
            h(
              'div',
              { class: 'actions' },
              closeButton(item.requestId, status, async (message) => {
                status.success(message);
                await toClose.refreshUntil((fresh) => !fresh.some((i) => i.requestId === item.requestId));
              }),
            ),
          );
        }),
      ),
  });

  const toPay: PagedList<QueueItem> = new PagedList<QueueItem>({
    noun: 'requests to pay',
    fetch: page<QueueItem>('/queues/payments'),
    empty: 'Nothing to pay.',
    render: (items) =>
      h(
        'div',
        { class: 'cards' },
        items.map((item) => {
          const headingId = uid('p');
          const done = async (message: string): Promise<void> => {
            status.success(message);
            const [balances] = await Promise.all([
              get<Items<StockBalance>>('/balances/stock').catch(() => ({ items: stock })),
              toPay.refreshUntil((fresh) => fresh.find((i) => i.requestId === item.requestId)?.version !== item.version),
            ]);
            stock = balances.items;
            // Paid in full with nothing to receipt (stock) goes straight to closing.
            await toClose.load();
          };
          return h(
            'article',
            { class: 'card', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, requestTitle({ category: item.category, amountCents: item.approvedCents ?? item.amountCents }), ' approved ', urgencyBadge(item.urgency)),
            queueFacts(item, [['From', item.organizationId], ['Fund', item.fundId]]),
            (item.remainingToPayCents ?? 0) > 0 ? h('details', { open: item.disbursedCents === 0 }, h('summary', null, 'Record a payment'), paymentForm(item, stock, done)) : null,
          );
        }),
      ),
  });

  const overdue = new PagedList<OverdueReceipt>({
    noun: 'overdue receipts',
    fetch: page<OverdueReceipt>('/queues/overdue-receipts'),
    empty: 'No receipt is overdue.',
    render: (items) =>
      scrollTable(
        'Overdue receipts',
        h(
          'table',
          null,
          h('caption', { class: 'visually-hidden' }, 'Overdue receipts'),
          h('thead', null, h('tr', null, ['Request', 'Organization', 'Amount', 'Due on'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            items.map((r) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, h('a', { href: `/app/requests/${r.requestId}` }, shortId(r.requestId))),
                h('td', null, r.organizationId),
                h('td', { class: 'num' }, money(r.amountCents)),
                h('td', null, day(r.dueOn)),
              ),
            ),
          ),
        ),
      ),
  });

  main.append(
    ...pageHeading('Payments', 'Approved requests to pay, most pressing first, and paid ones to close.'),
    status.element,
    h('section', { 'aria-labelledby': 'pay-h' }, h('h2', { id: 'pay-h' }, 'To pay'), toPay.element),
    h(
      'section',
      { 'aria-labelledby': 'close-h' },
      h('h2', { id: 'close-h' }, 'Ready to close'),
      h('p', { class: 'hint' }, 'Paid in full, every receipt recorded or attested. To close a request that was not paid in full (the rest is not needed), open it by its id.'),
      toClose.element,
    ),
    h('section', { 'aria-labelledby': 'overdue-h' }, h('h2', { id: 'overdue-h' }, 'Overdue receipts'), overdue.element),
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h' }, 'Find a request'), find.element),
  );

  stock = await get<Items<StockBalance>>('/balances/stock').then(
    (r) => r.items,
    () => [],
  );
  await Promise.all([toPay.load(), toClose.load(), overdue.load()]);
}

// ------------------------------------------------------------------ donations

function donorFields(form: Form): { kind: HTMLSelectElement; reference: HTMLInputElement; receivedOn: HTMLInputElement; elements: HTMLElement[] } {
  const kind = select('donorKind', codes('donorKind'), null, 'Choose');
  const reference = input({ autocomplete: 'off', maxlength: 40 });
  const receivedOn = input({ type: 'date', value: today(), max: today() });
  return {
    kind,
    reference,
    receivedOn,
    elements: [
      form.field(kind, { name: 'donorKind', label: 'Donor kind', required: true }),
      form.field(reference, { name: 'donorReference', label: 'Donor reference', hint: 'A short code from the coalition’s donor records (letters, digits, dashes). Never a name.' }),
      form.field(receivedOn, { name: 'receivedOn', label: 'Received on', required: true }),
    ],
  };
}

function monetaryForm(funds: readonly FundBalance[], status: PageStatus): HTMLFormElement {
  const retry = new IdempotentRetry();
  const fund = selectOf(
    funds.map((f) => [f.fundId, `${f.name}${f.restricted ? ' (restricted)' : ''}`] as const),
    funds[0]?.fundId,
  );
  const amount = moneyInput();
  const restricted = h('input', { type: 'checkbox', id: uid('restricted') });
  const form = new Form({
    title: 'Record a monetary donation',
    submitLabel: 'Record donation',
    onSubmit: async () => {
      const body = {
        fundId: fund.value,
        amountCents: centsOf(amount, 'amountCents'),
        restricted: restricted.checked,
        donorKind: donor.kind.value || undefined,
        donorReference: donor.reference.value.trim() || undefined,
        receivedOn: donor.receivedOn.value || undefined,
      };
      await post<unknown>('/donations/monetary', body, retry);
      amount.value = '';
      donor.reference.value = '';
      const text = `Donation of ${money(body.amountCents)} recorded in ${fund.selectedOptions[0]?.textContent ?? body.fundId}.`;
      status.success(text);
      return text;
    },
  });
  const donor = donorFields(form);
  form.body.append(
    form.field(fund, { name: 'fundId', label: 'Fund', required: true }),
    form.field(amount, { name: 'amountCents', label: 'Amount (US$)', required: true }),
    form.group('restricted', 'Restriction', [labelled(restricted, 'The donor limited what this money may pay for (it must go to a restricted fund)')]),
    ...donor.elements,
  );
  return form.element;
}

function inKindForm(stock: readonly StockBalance[], status: PageStatus): HTMLFormElement {
  const retry = new IdempotentRetry();
  const rows = h('div', { class: 'item-rows' });
  const datalistId = uid('known-items');
  const datalist = h('datalist', { id: datalistId }, stock.map((s) => h('option', { value: s.itemId })));
  interface Row {
    readonly itemId: HTMLInputElement;
    readonly kind: HTMLSelectElement;
    readonly category: HTMLSelectElement;
    readonly quantity: HTMLInputElement;
    readonly unitValue: HTMLInputElement;
    readonly valuation: HTMLSelectElement;
    readonly serials: HTMLTextAreaElement;
  }
  const items: Row[] = [];
  const form = new Form({
    title: 'Record an in-kind donation',
    submitLabel: 'Record in-kind donation',
    onSubmit: async () => {
      const body = {
        donorKind: donor.kind.value || undefined,
        donorReference: donor.reference.value.trim() || undefined,
        receivedOn: donor.receivedOn.value || undefined,
        items: items.map((row, i) => {
          const serials = row.serials.value
            .split(/[\s,]+/)
            .map((x) => x.trim())
            .filter(Boolean);
          const quantity = Number(row.quantity.value);
          if (!Number.isInteger(quantity) || quantity < 1) throw new FieldProblem(`items.${i}.quantity`, 'Enter a whole number of units, 1 or more');
          return {
            itemId: row.itemId.value.trim(),
            kind: row.kind.value || undefined,
            category: row.category.value || undefined,
            quantity,
            unitValueCents: centsOf(row.unitValue, `items.${i}.unitValueCents`),
            valuationMethod: row.valuation.value || undefined,
            ...(serials.length ? { serials } : {}),
          };
        }),
      };
      await post<unknown>('/donations/in-kind', body, retry);
      const units = body.items.reduce((n, i) => n + i.quantity, 0);
      const text = `In-kind donation recorded: ${units} unit${units === 1 ? '' : 's'} in ${body.items.length} item${body.items.length === 1 ? '' : 's'}.`;
      status.success(text);
      return text;
    },
  });
  const donor = donorFields(form);

  const addRow = (): void => {
    const i = items.length;
    const row: Row = {
      itemId: input({ autocomplete: 'off', list: datalistId, placeholder: 'bus-pass-monthly' }),
      kind: select('itemKind', codes('itemKind'), null, 'Choose'),
      category: select('category', codes('category'), null, 'Choose'),
      quantity: input({ type: 'number', min: 1, step: 1, value: 1, inputmode: 'numeric', class: 'short' }),
      unitValue: moneyInput(),
      valuation: select('valuation', codes('valuation'), 'face_value'),
      serials: textarea({ rows: 2, autocomplete: 'off', spellcheck: 'false' }),
    };
    items.push(row);
    rows.append(
      h(
        'fieldset',
        { class: 'item-row' },
        h('legend', null, `Item ${i + 1}`),
        form.field(row.itemId, { name: `items.${i}.itemId`, label: 'Item id', required: true, hint: 'Lower-case words and dashes; an existing id adds to that item’s stock.' }),
        form.field(row.kind, { name: `items.${i}.kind`, label: 'Kind', required: true }),
        form.field(row.category, { name: `items.${i}.category`, label: 'Expense category', required: true }),
        form.field(row.quantity, { name: `items.${i}.quantity`, label: 'Quantity', required: true }),
        form.field(row.unitValue, { name: `items.${i}.unitValueCents`, label: 'Value of one unit (US$)', required: true }),
        form.field(row.valuation, { name: `items.${i}.valuationMethod`, label: 'Valuation method', required: true }),
        form.field(row.serials, { name: `items.${i}.serials`, label: 'Card serials', hint: 'Cards and passes: one serial per unit, separated by spaces or new lines. Goods: leave empty.' }),
      ),
    );
  };
  addRow();
  const add = h('button', { type: 'button' }, 'Add another item');
  add.addEventListener('click', () => {
    addRow();
    items[items.length - 1]?.itemId.focus();
  });
  form.body.append(...donor.elements, datalist, rows, h('div', { class: 'actions' }, add));
  return form.element;
}

/** Coordinator: record money and goods coming in. */
export async function renderDonations({ main }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const forms = h('div', { class: 'two-columns' }, loading());
  main.append(...pageHeading('Donations', 'Record money and goods received. Donors are never named here: use the code from the coalition’s donor records.'), status.element, forms);
  try {
    const [funds, stock] = await Promise.all([get<Items<FundBalance>>('/balances/funds'), get<Items<StockBalance>>('/balances/stock')]);
    replace(
      forms,
      h('section', { 'aria-labelledby': 'money-h' }, h('h2', { id: 'money-h' }, 'Money'), funds.items.length ? monetaryForm(funds.items, status) : emptyState('Open a fund first.')),
      h('section', { 'aria-labelledby': 'kind-h' }, h('h2', { id: 'kind-h' }, 'Goods, cards and passes'), inKindForm(stock.items, status)),
    );
  } catch (error) {
    replace(forms, loadError(error));
  }
}

// ------------------------------------------------------------------ balances

/** Coordinator (and auditor): what each fund holds and what is in stock; the coordinator also writes stock off. */
export async function renderBalances({ main, session }: ScreenContext): Promise<void> {
  const fundsBox = h('div', null, loading());
  const stockBox = h('div', null, loading());
  main.append(
    ...pageHeading('Balances', 'Available = balance minus what is reserved for approved requests.'),
    h('section', { 'aria-labelledby': 'funds-h' }, h('h2', { id: 'funds-h' }, 'Funds'), fundsBox),
    h('section', { 'aria-labelledby': 'stock-h' }, h('h2', { id: 'stock-h' }, 'In-kind stock'), stockBox),
  );
  try {
    const funds = await get<Items<FundBalance>>('/balances/funds');
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
  const drawAdjust = (): void => {
    replace(
      adjust,
      stockAdjustmentForm(stock.items, async (message, after) => {
        status.success(message);
        // The stock table is a projection: read it again until it shows the new level.
        stock = await until(
          () => get<Items<StockBalance>>('/balances/stock'),
          (r) => r.items.find((i) => i.itemId === after.itemId)?.onHand === after.onHand,
        ).catch(() => stock);
        drawStock(stock);
        drawAdjust();
      }),
    );
  };
  drawAdjust();
  main.append(
    h(
      'section',
      { 'aria-labelledby': 'adjust-h' },
      h('h2', { id: 'adjust-h' }, 'Take stock out'),
      h('p', { class: 'hint' }, 'For cards, passes or goods that left without a payment: lost, expired, damaged, or fewer counted than recorded. More stock comes in as a donation.'),
      status.element,
      adjust,
    ),
  );
}

/** Coordinator: write stock off (lost, expired, damaged) or correct a count, by serial for cards. */
function stockAdjustmentForm(stock: readonly StockBalance[], done: (message: string, after: StockItem) => Promise<void>): HTMLElement {
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
      const after = await post<StockItem>(`/stock/${encodeURIComponent(itemSelect.value)}/adjustments`, body, retry);
      await done(`${count} unit${count === 1 ? '' : 's'} of ${after.itemId} taken out of stock (${label('adjustmentReason', reason.value).toLowerCase()}); ${after.onHand} left on hand.`, after);
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

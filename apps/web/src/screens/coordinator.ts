import { IdempotentRetry, get, post, query, until } from '../api.js';
import { h, replace, scrollTable, uid } from '../dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, selectOf, textarea } from '../forms.js';
import { codes, day, dollarsInput, label, money, shortId, today } from '../format.js';
import { navigate, type ScreenContext } from '../router.js';
import type { CommandResult, FundBalance, Items, OverdueReceipt, QueueItem, RequestDetail, StockBalance, StockItem } from '../types.js';
import { emptyState, errorText, loadError, loading, PageStatus, pageHeading, queueFacts, requestTitle, urgencyBadge } from '../ui.js';
import type { Done } from './request-actions.js';

// ------------------------------------------------------------------ paying

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
  const serialsBox = h('div', { class: 'choices serials' }, h('p', { class: 'hint' }, 'Choose an item first.'));
  let serialBoxes: HTMLInputElement[] = [];
  let itemHasSerials = false;
  itemSelect.addEventListener('change', () => {
    serialBoxes = [];
    itemHasSerials = false;
    if (!itemSelect.value) {
      replace(serialsBox, h('p', { class: 'hint' }, 'Choose an item first.'));
      return;
    }
    replace(serialsBox, loading('Loading serials…'));
    void get<StockItem>(`/stock/${encodeURIComponent(itemSelect.value)}`)
      .then((s) => {
        if (!s.availableSerials) {
          replace(serialsBox, h('p', { class: 'hint' }, 'Goods have no serials.'));
          return;
        }
        itemHasSerials = true;
        serialBoxes = s.availableSerials.map((serial) => h('input', { type: 'checkbox', value: serial, id: uid(`serial-${serial}`) }));
        for (const box of serialBoxes) box.addEventListener('change', () => (quantity.value = String(Math.max(1, serialBoxes.filter((b) => b.checked).length))));
        replace(serialsBox, serialBoxes.length ? serialBoxes.map((b) => labelled(b, b.value)) : h('p', { class: 'hint' }, 'No cards left on hand.'));
      })
      .catch((error: unknown) => replace(serialsBox, h('p', { class: 'error-text' }, errorText(error))));
  });

  const form = new Form({
    title: `Record a payment for request ${shortId(item.requestId)}`,
    submitLabel: 'Record payment',
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
        if (itemHasSerials) body.serials = serialBoxes.filter((b) => b.checked).map((b) => b.value);
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
    form.group('serials', 'Card serials handed over', serialsBox, 'Cards: tick the serial of each card. The quantity follows.'),
  );
  form.body.append(moneyFields, stockFields);
  return form.element;
}

// Requests paid in full leave the payments queue (the api has no "to close" queue yet): the
// ones paid in this tab are remembered here (opaque ids only) so they can be closed from the list.
const TO_CLOSE_KEY = 'survivor-fund.paid-in-full';

function paidInFull(): string[] {
  try {
    const ids: unknown = JSON.parse(sessionStorage.getItem(TO_CLOSE_KEY) ?? '[]');
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberPaidInFull(ids: readonly string[]): void {
  sessionStorage.setItem(TO_CLOSE_KEY, JSON.stringify([...new Set(ids)].slice(-50)));
}

/** Coordinator home: approved requests to pay and paid ones to close; overdue receipts. */
export async function renderPayments({ main }: ScreenContext): Promise<void> {
  const status = new PageStatus();
  const list = h('div', { class: 'cards' }, loading());
  const toClose = h('div', { class: 'cards' });
  const overdue = h('div', null, loading());
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
  find.body.append(find.field(findInput, { name: 'requestId', label: 'Request id', required: true, hint: 'To close, shred a narrative or look at any request.' }));

  main.append(
    ...pageHeading('Payments', 'Approved requests to pay, most pressing first, and paid ones to close.'),
    status.element,
    h('section', { 'aria-labelledby': 'pay-h' }, h('h2', { id: 'pay-h' }, 'To pay'), list),
    h(
      'section',
      { 'aria-labelledby': 'close-h' },
      h('h2', { id: 'close-h' }, 'Paid in full, to close'),
      h('p', { class: 'hint' }, 'Requests you paid in full in this browser tab. Any other request: open it by its id below.'),
      toClose,
    ),
    h('section', { 'aria-labelledby': 'overdue-h' }, h('h2', { id: 'overdue-h' }, 'Overdue receipts'), overdue),
    h('section', { 'aria-labelledby': 'find-h' }, h('h2', { id: 'find-h' }, 'Find a request'), find.element),
  );

  const load = (): Promise<Items<QueueItem>> => get<Items<QueueItem>>(`/queues/payments${query({ limit: 200 })}`);
  let stock: readonly StockBalance[] = [];

  const closeButton = (requestId: string, done: (message: string) => Promise<void>): HTMLButtonElement => {
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
  };

  const drawToClose = async (): Promise<void> => {
    const ids = paidInFull();
    if (ids.length === 0) {
      replace(toClose, emptyState('None in this tab.'));
      return;
    }
    const details = await Promise.all(ids.map((id) => get<RequestDetail>(`/fund-requests/${id}`).catch(() => null)));
    const open = details.filter((d): d is RequestDetail => d !== null && d.status === 'disbursed');
    rememberPaidInFull(open.map((d) => d.requestId));
    replace(
      toClose,
      open.length === 0
        ? emptyState('None in this tab.')
        : open.map((d) => {
            const headingId = uid('tc');
            return h(
              'article',
              { class: 'card', 'aria-labelledby': headingId },
              h('h3', { id: headingId }, requestTitle(d), ' paid in full'),
              h(
                'p',
                null,
                `${money(d.disbursedCents)} paid; ${d.receiptsOutstanding} receipt${d.receiptsOutstanding === 1 ? '' : 's'} outstanding. `,
                h('a', { href: `/app/requests/${d.requestId}` }, `Details of ${shortId(d.requestId)}`),
              ),
              h(
                'div',
                { class: 'actions' },
                closeButton(d.requestId, async (message) => {
                  status.success(message);
                  await until(
                    () => get<RequestDetail>(`/fund-requests/${d.requestId}`),
                    (x) => x.status === 'closed',
                    4,
                  ).catch(() => undefined);
                  await drawToClose();
                }),
              ),
            );
          }),
    );
  };

  const draw = (items: readonly QueueItem[]): void => {
    if (items.length === 0) {
      replace(list, emptyState('Nothing to pay.'));
      return;
    }
    replace(
      list,
      items.map((item) => {
        const headingId = uid('p');
        const done = async (message: string): Promise<void> => {
          status.success(message);
          try {
            const [fresh, balances] = await Promise.all([
              until(load, (r) => r.items.find((i) => i.requestId === item.requestId)?.version !== item.version),
              get<Items<StockBalance>>('/balances/stock'),
            ]);
            stock = balances.items;
            draw(fresh.items);
            if (!fresh.items.some((i) => i.requestId === item.requestId)) {
              rememberPaidInFull([...paidInFull(), item.requestId]);
              await drawToClose();
            }
          } catch (error) {
            status.error(error);
          }
        };
        const canPay = (item.remainingToPayCents ?? 0) > 0;
        return h(
          'article',
          { class: 'card', 'aria-labelledby': headingId },
          h('h3', { id: headingId }, requestTitle({ category: item.category, amountCents: item.approvedCents ?? item.amountCents }), ' approved ', urgencyBadge(item.urgency)),
          queueFacts(item, [['From', item.organizationId], ['Fund', item.fundId]]),
          canPay ? h('details', { open: item.disbursedCents === 0 }, h('summary', null, 'Record a payment'), paymentForm(item, stock, done)) : null,
          item.status === 'disbursed' ? h('div', { class: 'actions' }, closeButton(item.requestId, done)) : null,
        );
      }),
    );
  };

  try {
    const [queue, balances] = await Promise.all([load(), get<Items<StockBalance>>('/balances/stock')]);
    stock = balances.items;
    draw(queue.items);
    await drawToClose();
  } catch (error) {
    replace(list, loadError(error));
  }

  try {
    const due = await get<Items<OverdueReceipt>>(`/queues/overdue-receipts${query({ limit: 200 })}`);
    replace(
      overdue,
      due.items.length === 0
        ? emptyState('No receipt is overdue.')
        : scrollTable(
            'Overdue receipts',
            h(
              'table',
              null,
              h('caption', { class: 'visually-hidden' }, 'Overdue receipts'),
              h('thead', null, h('tr', null, ['Request', 'Organization', 'Amount', 'Due on'].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                due.items.map((r) =>
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
    );
  } catch (error) {
    replace(overdue, loadError(error));
  }
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

/** Coordinator (and auditor): what each fund holds and what is in stock. */
export async function renderBalances({ main }: ScreenContext): Promise<void> {
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
  try {
    const stock = await get<Items<StockBalance>>('/balances/stock');
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
  } catch (error) {
    replace(stockBox, loadError(error));
  }
}

import { IdempotentRetry, get, post } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { centsOf, FieldProblem, Form, input, labelled, moneyInput, select, selectOf, textarea } from '../forms.js';
import { codes, money, today } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { FundBalance, Items, StockBalance } from '../types.js';
import { emptyState, loadError, loading, PageStatus, pageHeading } from '../ui.js';
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

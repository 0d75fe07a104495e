import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { h } from './dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, type FormOptions } from './forms.js';

/** Submits the form as a user would and waits until its command has settled. */
async function submit(form: Form): Promise<void> {
  form.element.dispatchEvent(new Event('submit', { cancelable: true }));
  for (let i = 0; i < 10 && form.submit.disabled; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function errorOf(control: HTMLElement): string {
  const id = (control.getAttribute('aria-describedby') ?? '').split(' ').find((x) => x.endsWith('-error'));
  return id ? (document.getElementById(id)?.textContent ?? '') : '';
}

function requestForm(onSubmit: FormOptions['onSubmit'], extra: Partial<FormOptions> = {}) {
  const form = new Form({ title: 'Submit a fund request', submitLabel: 'Submit request', onSubmit, ...extra });
  const amount = moneyInput();
  const narrative = h('textarea');
  const serials = h('input', { type: 'checkbox', id: 'serial-1', value: 'BP-1' });
  form.body.append(
    form.field(amount, { name: 'amountCents', label: 'Amount (US$)', required: true, hint: 'At most $500.00.' }),
    form.field(narrative, { name: 'narrative', label: 'Narrative' }),
    form.group('items.0.serials', 'Card serials', [labelled(serials, 'BP-1')]),
  );
  document.body.append(form.element);
  return { form, amount, narrative, serials };
}

afterEach(() => document.body.replaceChildren());

describe('Form', () => {
  it('labels every control and ties its hint and error slot to it', () => {
    const { form, amount, narrative } = requestForm(async () => undefined);
    expect(form.element.getAttribute('aria-label')).toBe('Submit a fund request');
    expect(document.querySelector(`label[for="${amount.id}"]`)?.textContent).toBe('Amount (US$)');
    expect(document.querySelector(`label[for="${narrative.id}"]`)?.textContent).toBe('Narrative (optional)');
    expect(amount.required).toBe(true);
    expect(amount.name).toBe('amountCents');
    const [hint, error] = (amount.getAttribute('aria-describedby') ?? '').split(' ');
    expect(document.getElementById(hint!)?.textContent).toBe('At most $500.00.');
    expect(document.getElementById(error!)?.hidden).toBe(true);
  });

  it('puts each of the api’s field errors next to its field, links them from a summary, focuses the first and keeps what was typed', async () => {
    const { form, amount, narrative } = requestForm(async () => {
      throw new ApiError(400, 'VALIDATION.FAILED', 'Some fields need attention', {
        errors: [
          { field: 'narrative', message: 'Remove identifying details (phone number).' },
          { field: 'amountCents', message: 'This is over the cap.' },
        ],
      });
    });
    amount.value = '900';
    narrative.value = 'call her at 207-555-0142';
    await submit(form);

    expect(errorOf(narrative)).toBe('Remove identifying details (phone number).');
    expect(errorOf(amount)).toBe('This is over the cap.');
    expect(narrative.getAttribute('aria-invalid')).toBe('true');
    expect(amount.closest('.field')?.classList.contains('invalid')).toBe(true);
    expect(document.activeElement).toBe(narrative);
    expect(form.result.classList.contains('error')).toBe(true);
    expect(form.result.querySelector('.result-title')?.textContent).toBe('Not saved: Some fields need attention');
    expect([...form.result.querySelectorAll('li a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Remove identifying details (phone number).', `#${narrative.id}`],
      ['This is over the cap.', `#${amount.id}`],
    ]);
    expect([amount.value, narrative.value]).toEqual(['900', 'call her at 207-555-0142']);
    expect(form.submit.disabled).toBe(false);
    expect(form.submit.textContent).toBe('Submit request');
  });

  it('places an error on a nested name (`items.0.serials.2`) at the field that holds it, and clears errors on the next try', async () => {
    let fail = true;
    const { form, serials } = requestForm(async () => {
      if (fail) throw new ApiError(400, 'VALIDATION.FAILED', 'Check the serials', { errors: [{ field: 'items.0.serials.2', message: 'Unknown serial' }] });
      return 'Saved.';
    });
    await submit(form);
    const group = serials.closest('fieldset')!;
    expect(group.classList.contains('invalid')).toBe(true);
    expect(group.querySelector('.field-error')?.textContent).toBe('Unknown serial');
    // A group's fieldset never carries aria-invalid; focus goes to its first control.
    expect(group.hasAttribute('aria-invalid')).toBe(false);
    expect(document.activeElement).toBe(serials);

    fail = false;
    await submit(form);
    expect(group.classList.contains('invalid')).toBe(false);
    expect(form.result.classList.contains('success')).toBe(true);
    expect(form.result.textContent).toBe('Saved.');
  });

  it('says a refusal that names no field in the summary, or at the field its code is about', async () => {
    const refusal = new ApiError(422, 'INVENTORY.INSUFFICIENT_STOCK', 'Not enough on hand');
    const plain = requestForm(async () => {
      throw refusal;
    });
    await submit(plain.form);
    expect(plain.form.result.textContent).toBe('Not saved: Not enough on hand');
    expect(document.activeElement).toBe(plain.form.result);
    document.body.replaceChildren();

    const byCode = requestForm(
      async () => {
        throw refusal;
      },
      { fieldsByCode: { 'INVENTORY.INSUFFICIENT_STOCK': 'amountCents' } },
    );
    await submit(byCode.form);
    expect(errorOf(byCode.amount)).toBe('Not enough on hand');
  });

  it('reports a problem found before sending (FieldProblem) at its field', async () => {
    const { form, amount } = requestForm(async () => {
      centsOf(amount, 'amountCents');
    });
    amount.value = 'twelve';
    await submit(form);
    expect(errorOf(amount)).toBe('Enter an amount in dollars, like 120 or 120.50');
    expect(form.result.querySelector('.result-title')?.textContent).toBe('Not saved: please correct the field marked below.');
  });

  it('runs one command at a time and shows the busy label meanwhile', async () => {
    let release = (): void => undefined;
    let runs = 0;
    const { form } = requestForm(
      () => {
        runs += 1;
        return new Promise<string>((resolve) => (release = () => resolve('Done.')));
      },
      { busyLabel: 'Submitting…' },
    );
    form.element.dispatchEvent(new Event('submit', { cancelable: true }));
    form.element.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(runs).toBe(1);
    expect(form.submit.disabled).toBe(true);
    expect(form.submit.textContent).toBe('Submitting…');
    release();
    await submit(form);
    expect(form.submit.textContent).toBe('Submit request');
    expect(form.result.textContent).toBe('Done.');
  });

  it('clears the inputs after success only when asked to', async () => {
    const kept = requestForm(async () => 'ok');
    kept.amount.value = '12';
    await submit(kept.form);
    expect(kept.amount.value).toBe('12');

    const reset = requestForm(async () => 'ok', { resetOnSuccess: true });
    reset.amount.value = '12';
    await submit(reset.form);
    expect(reset.amount.value).toBe('');
  });
});

describe('controls', () => {
  it('centsOf reads dollars as cents, passes an empty optional field, and refuses the rest at the field', () => {
    const control = input({ value: '$1,250.5' });
    expect(centsOf(control, 'amountCents')).toBe(125_050);
    control.value = '  ';
    expect(centsOf(control, 'amountCents', true)).toBeUndefined();
    expect(() => centsOf(control, 'amountCents')).toThrow(FieldProblem);
    try {
      centsOf(control, 'items.0.unitValueCents');
    } catch (error) {
      expect(error).toMatchObject({ field: 'items.0.unitValueCents' });
    }
  });

  it('select shows labels for codes, with an optional blank first choice', () => {
    const el = select('urgency', ['standard', 'emergency'], 'emergency', 'Choose');
    expect([...el.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Choose'],
      ['standard', 'Standard'],
      ['emergency', 'Emergency'],
    ]);
    expect([...el.options].filter((o) => o.hasAttribute('selected')).map((o) => o.value)).toEqual(['emergency']);
  });

  it('radios report the choice made', () => {
    const seen: string[] = [];
    const choices = radios('vote', 'vote', ['approve', 'deny'], 'approve', (v) => seen.push(v));
    // Radios are one group within one tree, as on the page.
    document.body.append(h('div', null, choices.map((c) => labelled(c, c.value))));
    expect(checkedValue(choices)).toBe('approve');
    choices[1]!.checked = true;
    choices[1]!.dispatchEvent(new Event('change'));
    expect(checkedValue(choices)).toBe('deny');
    expect(seen).toEqual(['deny']);
  });
});

import { ApiError, type FieldError } from './api.js';
import { h, replace, uid, type Child } from './dom.js';
import { label, parseDollars } from './format.js';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A problem found before sending (an amount that is not a number of dollars, say). */
export class FieldProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

interface Registered {
  readonly focusTarget: () => HTMLElement | null;
  /** The control that carries aria-invalid (inputs only; a group's fieldset never does). */
  readonly invalidTarget: HTMLElement | null;
  readonly error: HTMLElement;
  readonly describe: HTMLElement[];
  readonly container: HTMLElement;
}

export interface FieldOptions {
  /** The api's name for the field (`amountCents`, `demographics.ageBand`, `items.0.serials`). */
  readonly name: string;
  readonly label: string;
  readonly hint?: Child;
  readonly required?: boolean;
  readonly className?: string;
}

export interface FormOptions {
  /** The form's accessible name. */
  readonly title: string;
  readonly submitLabel: string;
  readonly busyLabel?: string;
  readonly className?: string;
  /** A secondary action: its submit button is not styled as the primary one. */
  readonly secondary?: boolean;
  /** Runs the command; returns the success message (or nothing). Throw ApiError/FieldProblem to show errors. */
  readonly onSubmit: (form: Form) => Promise<string | void>;
  /** Clear the inputs after success (default: keep them). */
  readonly resetOnSuccess?: boolean;
  /**
   * What a refusal's summary starts with (default "Not saved: "). A form that saves nothing (a
   * search) gives its own, and its summary then repeats the field's problem in full.
   */
  readonly failurePrefix?: string;
  /**
   * Asked before anything is sent (an in-page dialog for a denial, say); false sends nothing.
   * A choice still missing is not asked about: onSubmit says so next to the field.
   */
  readonly confirm?: () => Promise<boolean> | boolean;
  /** Where refusals that name no field belong, by error code (`INVENTORY.SERIALS_REQUIRED` -> `serials`). */
  readonly fieldsByCode?: Readonly<Record<string, string>>;
}

/**
 * A form whose errors appear next to the field the api names, with a summary that links to
 * them; what was typed stays in place when a submit fails. Results go to a live region.
 */
export class Form {
  readonly element: HTMLFormElement;
  readonly body: HTMLDivElement;
  readonly result: HTMLDivElement;
  readonly submit: HTMLButtonElement;
  private readonly actions: HTMLDivElement;
  private readonly fields = new Map<string, Registered>();
  private busy = false;

  constructor(private readonly options: FormOptions) {
    const resultId = uid('result');
    this.body = h('div', { class: 'form-body' });
    this.submit = h('button', { type: 'submit', class: options.secondary ? null : 'primary' }, options.submitLabel);
    this.result = h('div', { id: resultId, class: 'form-result', role: 'status', 'aria-live': 'polite', tabindex: -1 });
    this.actions = h('div', { class: 'actions' }, this.submit);
    this.element = h('form', { class: `form ${options.className ?? ''}`.trim(), 'aria-label': options.title, novalidate: true }, this.body, this.actions, this.result);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
  }

  /** Adds a labelled control with its hint and its (initially empty) error message. */
  field(control: Control, options: FieldOptions): HTMLDivElement {
    const id = control.id || uid(options.name);
    control.id = id;
    control.name = options.name;
    if (options.required) control.required = true;
    const hint = options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null;
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const describe = [hint, error].filter((x): x is HTMLParagraphElement => x !== null);
    const wrapper = h(
      'div',
      { class: `field ${options.className ?? ''}`.trim() },
      h('label', { for: id }, options.label, options.required ? null : h('span', { class: 'optional' }, ' (optional)')),
      hint,
      error,
      control,
    );
    control.setAttribute('aria-describedby', describe.map((d) => d.id).join(' '));
    this.fields.set(options.name, { focusTarget: () => control, invalidTarget: control, error, describe, container: wrapper });
    return wrapper;
  }

  /**
   * A group of radios or checkboxes under one legend, with one error for the group. `content`
   * may be re-filled later (serials loaded for the chosen item); focus goes to its first control.
   */
  group(name: string, legend: string, content: HTMLElement | readonly HTMLElement[], hint?: string): HTMLFieldSetElement {
    const id = uid(name);
    const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const choices = content instanceof HTMLElement ? content : h('div', { class: 'choices' }, content);
    const fieldset = h(
      'fieldset',
      { class: 'group', id, 'aria-describedby': [hintEl?.id, error.id].filter(Boolean).join(' ') },
      h('legend', null, legend),
      hintEl,
      error,
      choices,
    );
    const focusTarget = (): HTMLElement | null => fieldset.querySelector<HTMLElement>('input, select, textarea, button');
    this.fields.set(name, { focusTarget, invalidTarget: null, error, describe: [], container: fieldset });
    return fieldset;
  }

  private fieldFor(name: string): Registered | undefined {
    // `items.0.serials.2` belongs to `items.0.serials`; `demographics` errors to its first field.
    let key = name;
    while (key) {
      const found = this.fields.get(key);
      if (found) return found;
      const dot = key.lastIndexOf('.');
      key = dot > 0 ? key.slice(0, dot) : '';
    }
    for (const [registered, field] of this.fields) if (registered.startsWith(`${name}.`)) return field;
    return undefined;
  }

  clearErrors(): void {
    for (const field of this.fields.values()) {
      field.error.hidden = true;
      field.error.replaceChildren();
      field.container.classList.remove('invalid');
      field.invalidTarget?.removeAttribute('aria-invalid');
    }
    this.result.classList.remove('error', 'success', 'notice', 'done');
    this.result.replaceChildren();
  }

  showErrors(message: string, errors: readonly FieldError[]): void {
    const placed: { field: FieldError; target: Registered }[] = [];
    const unplaced: FieldError[] = [];
    for (const error of errors) {
      const target = this.fieldFor(error.field);
      if (!target) {
        unplaced.push(error);
        continue;
      }
      placed.push({ field: error, target });
      target.error.hidden = false;
      if (target.error.childNodes.length > 0) target.error.append(h('br'));
      target.error.append(error.message);
      target.container.classList.add('invalid');
      target.invalidTarget?.setAttribute('aria-invalid', 'true');
      target.container.closest('details')?.setAttribute('open', '');
    }
    this.result.classList.add('error');
    const links = placed.map(({ field, target }) => {
      const focus = target.focusTarget() ?? target.container;
      if (!focus.id) focus.id = uid('f');
      return h('li', null, h('a', { href: `#${focus.id}`, onclick: (e: Event) => this.jump(e, focus) }, field.message));
    });
    replace(
      this.result,
      h('p', { class: 'result-title' }, this.options.failurePrefix ?? 'Not saved: ', message),
      // One problem already said in the title needs no list; several (or unplaced ones) do.
      links.length + unplaced.length > 1 || unplaced.some((u) => u.message !== message)
        ? h('ul', null, links, unplaced.map((u) => h('li', null, u.message)))
        : null,
    );
    const first = placed[0]?.target.focusTarget();
    if (first) first.focus();
    else this.result.focus();
  }

  private jump(event: Event, target: HTMLElement): void {
    event.preventDefault();
    target.focus();
  }

  showSuccess(...content: (Child)[]): void {
    this.result.classList.remove('error', 'notice');
    this.result.classList.add('success');
    replace(this.result, ...content);
  }

  /**
   * Done for good (a request submitted): the fields and the submit button go away, so the same
   * thing cannot be sent twice, and the confirmation takes their place, in view and focused (on a
   * phone it would otherwise sit below the fold, with focus lost on the disabled button).
   * `again()` brings the form back, emptied.
   */
  showDone(...content: Child[]): void {
    this.body.hidden = true;
    this.actions.hidden = true;
    this.showSuccess(...content);
    this.result.classList.add('done');
    this.result.focus({ preventScroll: true });
    this.result.scrollIntoView({ block: 'start' });
  }

  again(): void {
    this.element.reset();
    this.clearErrors();
    this.result.classList.remove('done');
    this.body.hidden = false;
    this.actions.hidden = false;
    this.body.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }

  /** An answer that is neither a success nor a refusal (a choice to make), focused so it is read out. */
  showNotice(...content: Child[]): void {
    this.result.classList.remove('error', 'success');
    this.result.classList.add('notice');
    replace(this.result, ...content);
    this.result.focus();
  }

  private async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.clearErrors();
    if (this.options.confirm && !(await this.options.confirm())) {
      this.busy = false;
      return;
    }
    this.submit.disabled = true;
    const idleLabel = this.submit.textContent ?? '';
    this.submit.textContent = this.options.busyLabel ?? 'Saving…';
    try {
      const message = await this.options.onSubmit(this);
      if (message) this.showSuccess(message);
      if (this.options.resetOnSuccess) this.element.reset();
    } catch (error) {
      if (error instanceof FieldProblem) {
        this.showErrors(this.options.failurePrefix ? error.message : 'please correct the field marked below.', [{ field: error.field, message: error.message }]);
      } else if (error instanceof ApiError) {
        const byCode = this.options.fieldsByCode?.[error.code];
        const errors = error.fieldErrors.length === 0 && byCode ? [{ field: byCode, message: error.message }] : error.fieldErrors;
        this.showErrors(error.message, errors);
      } else {
        this.showErrors(error instanceof Error ? error.message : String(error), []);
      }
    } finally {
      this.submit.disabled = false;
      this.submit.textContent = idleLabel;
      this.busy = false;
    }
  }
}

// ---------------------------------------------------------------- controls

export function input(attrs: Readonly<Record<string, string | number | boolean>> = {}): HTMLInputElement {
  return h('input', { type: 'text', ...attrs });
}

export function textarea(attrs: Readonly<Record<string, string | number | boolean>> = {}): HTMLTextAreaElement {
  return h('textarea', { rows: 4, ...attrs });
}

/** A select of codes with their labels; `blank` adds a first "choose" option. */
export function select(kind: string, values: readonly string[], selected?: string | null, blank?: string): HTMLSelectElement {
  const el = h('select', null, blank !== undefined ? h('option', { value: '' }, blank) : null);
  for (const value of values) el.append(h('option', { value, selected: value === selected }, label(kind, value)));
  return el;
}

/** Options with explicit text (funds, stock items). */
export function selectOf(options: readonly (readonly [string, string])[], selected?: string | null, blank?: string): HTMLSelectElement {
  const el = h('select', null, blank !== undefined ? h('option', { value: '' }, blank) : null);
  for (const [value, text] of options) el.append(h('option', { value, selected: value === selected }, text));
  return el;
}

export function moneyInput(value = ''): HTMLInputElement {
  return h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', value, class: 'money', size: 12 });
}

/** Reads a dollars field as integer cents, or throws a FieldProblem for that field. */
export function centsOf(control: HTMLInputElement, field: string, optional = false): number | undefined {
  if (optional && control.value.trim() === '') return undefined;
  const cents = parseDollars(control.value);
  if (cents === null) throw new FieldProblem(field, 'Enter an amount in dollars, like 120 or 120.50');
  return cents;
}

export function radios(name: string, kind: string, values: readonly string[], checked: string, onChange?: (value: string) => void): HTMLInputElement[] {
  return values.map((value) => {
    const radio = h('input', { type: 'radio', name, value, checked: value === checked, id: uid(`${name}-${value}`) });
    if (onChange) radio.addEventListener('change', () => radio.checked && onChange(value));
    return radio;
  });
}

/** Wraps each radio/checkbox with its own label. */
export function labelled(control: HTMLInputElement, text: string): HTMLLabelElement {
  return h('label', { class: 'choice', for: control.id }, control, ' ', text);
}

export function checkedValue(controls: readonly HTMLInputElement[]): string | undefined {
  return controls.find((c) => c.checked)?.value;
}

import { ApiError, IdempotentRetry, download, get, post } from '../api.js';
import { h, replace } from '../dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, textarea } from '../forms.js';
import { codes, label, money, shortId, tiersText, today } from '../format.js';
import type { ScreenContext } from '../router.js';
import type { Protocol, SubmittedRequest, SurvivorReference } from '../types.js';
import { loadError, loading, PageStatus, pageHeading } from '../ui.js';

/** Provider: get a survivor reference, then submit a request under the protocol in force. */
export async function renderNewRequest({ main }: ScreenContext): Promise<void> {
  const pageStatus = new PageStatus();
  main.append(
    ...pageHeading('New fund request', [
      h('strong', null, 'Never type a survivor’s name, contact details, dates or places'),
      ' anywhere here. The fund knows a survivor only by the reference it gives you.',
    ]),
    pageStatus.element,
  );

  // The reference.
  const referenceInput = input({ autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', placeholder: 'SR-XXXX-XXXX-XXXX' });
  const referenceResult = h('div', { class: 'reference-result', role: 'status', 'aria-live': 'polite' });
  const getReference = h('button', { type: 'button' }, 'Get a new survivor reference');
  getReference.addEventListener('click', () => {
    getReference.disabled = true;
    void post<SurvivorReference>('/survivor-references')
      .then(({ reference }) => {
        referenceInput.value = reference;
        replace(
          referenceResult,
          h('p', { class: 'reference' }, 'New survivor reference: ', h('strong', { class: 'ref' }, reference)),
          h('p', null, 'Write it in your agency’s own file for this survivor now. The fund cannot tell you later whose it is. Use the same reference for this survivor’s next requests. It has been filled in below.'),
        );
        referenceResult.className = 'reference-result success';
      })
      .catch((error: unknown) => {
        referenceResult.className = 'reference-result error';
        replace(referenceResult, h('p', null, 'Could not get a reference: ', error instanceof Error ? error.message : String(error)));
      })
      .finally(() => {
        getReference.disabled = false;
      });
  });
  main.append(
    h(
      'section',
      { 'aria-labelledby': 'ref-h', class: 'panel' },
      h('h2', { id: 'ref-h' }, 'Survivor reference'),
      h('p', null, 'First request for this survivor? Get a new reference. Otherwise use the one in your agency’s file.'),
      getReference,
      referenceResult,
    ),
  );

  const requestSection = h('section', { 'aria-labelledby': 'req-h' }, h('h2', { id: 'req-h' }, 'The request'), loading('Loading the protocol in force…'));
  main.append(requestSection);

  let protocol: Protocol;
  try {
    protocol = await get<Protocol>('/protocols/current');
  } catch (error) {
    replace(
      requestSection,
      h('h2', { id: 'req-h' }, 'The request'),
      error instanceof ApiError && (error.code === 'PROTOCOL.NONE_IN_FORCE' || error.status === 404) ? h('p', { class: 'notice error' }, 'No protocol is in force yet, so no request can be submitted. The coordinator adopts one first.') : loadError(error),
    );
    return;
  }
  const rules = protocol.rules;

  const protocolLink = h('button', { type: 'button', class: 'link-button' }, `Download the protocol (version ${protocol.version})`);
  protocolLink.addEventListener('click', () => {
    void download(`/protocols/${encodeURIComponent(protocol.version)}/document`, `protocol-${protocol.version}.md`).catch((error: unknown) => pageStatus.error(error));
  });
  const summary = h(
    'div',
    { class: 'panel protocol' },
    h('h3', null, `Protocol in force: ${protocol.title} (${protocol.version})`),
    h(
      'ul',
      null,
      h('li', null, `Cap per request: ${money(rules.capPerRequestCents)}; per survivor in any 12 months: ${money(rules.capPerSurvivorPer12MonthsCents)}.`),
      h('li', null, `Approvals: ${tiersText(rules)}.`),
      rules.expedited.enabled
        ? h('li', null, `Emergencies up to ${money(rules.expedited.capCents)} take the expedited path: one on-call approver, a decision within ${rules.expedited.decisionWithinHours} hours.`)
        : null,
      h('li', null, `Gift cards: at most ${money(rules.giftCardFaceValueLimitCents)} per card. Receipts are due ${rules.receiptDeadlineDays} days after payment.`),
      h('li', null, `A narrative is kept encrypted and destroyed after ${rules.narrativeRetentionDays} days.`),
    ),
    protocolLink,
  );

  // The form.
  const retry = new IdempotentRetry();
  const category = select('category', rules.eligibleCategories, null, 'Choose a category');
  const amount = moneyInput();
  const method = select('paymentMethod', codes('paymentMethod'), null, 'Choose how it will be paid');
  const urgency = radios('urgency', 'urgency', codes('urgency'), 'standard');
  const neededBy = input({ type: 'date', min: today() });
  const demo = {
    ageBand: select('ageBand', codes('ageBand'), 'not_collected'),
    county: select('county', ['not_collected', ...codes('county')], 'not_collected'),
    traffickingType: select('traffickingType', codes('traffickingType'), 'not_collected'),
    citizenship: select('citizenship', codes('citizenship'), 'not_collected'),
    gender: select('gender', codes('gender'), 'not_collected'),
  };
  const narrative = textarea({ rows: 4 });

  const form = new Form({
    title: 'Submit a fund request',
    submitLabel: 'Submit request',
    busyLabel: 'Submitting…',
    onSubmit: async () => {
      const body: Record<string, unknown> = {
        survivorReference: referenceInput.value.trim(),
        category: category.value || undefined,
        amountCents: centsOf(amount, 'amountCents'),
        paymentMethod: method.value || undefined,
        urgency: checkedValue(urgency),
        neededBy: neededBy.value || undefined,
      };
      if (!body.survivorReference) throw new FieldProblem('survivorReference', 'Enter the survivor reference, or get a new one above');
      const demographics: Record<string, string> = {};
      for (const [key, control] of Object.entries(demo)) if (control.value !== 'not_collected') demographics[key] = control.value;
      if (Object.keys(demographics).length > 0) body.demographics = demographics;
      if (narrative.value.trim()) body.narrative = narrative.value;
      const result = await post<SubmittedRequest>('/fund-requests', body, retry);
      const reference = referenceInput.value;
      const text = `Request submitted for ${label('category', String(body.category))}, ${money(Number(body.amountCents))}: ${label('status', result.status)}${result.expedited ? ' (expedited path)' : ''}. Request ${shortId(result.requestId)}.`;
      const another = h('button', { type: 'button' }, 'Submit another request');
      another.addEventListener('click', () => {
        form.again();
        // The next request is most often for the same survivor.
        referenceInput.value = reference;
      });
      // The form goes away until "Submit another request": a second tap cannot send it twice.
      form.showDone(
        h('p', { class: 'result-title' }, text),
        h('p', null, h('a', { href: `/app/requests/${result.requestId}` }, 'See the request'), ' · ', h('a', { href: '/app/requests' }, 'All my requests')),
        h('p', null, another),
      );
    },
  });

  form.body.append(
    form.field(referenceInput, { name: 'survivorReference', label: 'Survivor reference', required: true, hint: 'Like SR-7KQ4-M2XP-9D3H, from your agency’s file or from “Get a new survivor reference”.' }),
    form.field(category, { name: 'category', label: 'Expense category', required: true, hint: 'Only the categories the protocol in force makes eligible.' }),
    form.field(amount, { name: 'amountCents', label: 'Amount (US$)', required: true, hint: `At most ${money(rules.capPerRequestCents)}. Approvals: ${tiersText(rules)}.` }),
    form.field(method, { name: 'paymentMethod', label: 'Payment method wanted', required: true, hint: 'Payments go to vendors or as cards, passes or goods, never cash to the survivor.' }),
    form.group(
      'urgency',
      'Urgency',
      urgency.map((r) => labelled(r, label('urgency', r.value))),
      rules.expedited.enabled ? `Emergency: decided within ${rules.expedited.decisionWithinHours} hours if at most ${money(rules.expedited.capCents)}.` : undefined,
    ),
    form.field(neededBy, { name: 'neededBy', label: 'Needed by', required: true }),
    h(
      'details',
      { class: 'demographics' },
      h('summary', null, 'Banded demographics for anonymous reports (optional)'),
      h('p', { class: 'hint' }, 'Leave “Not collected” unless the survivor agreed. Bands only: never a birth date or a town.'),
      form.field(demo.ageBand, { name: 'demographics.ageBand', label: 'Age band' }),
      form.field(demo.county, { name: 'demographics.county', label: 'County' }),
      form.field(demo.traffickingType, { name: 'demographics.traffickingType', label: 'Trafficking type' }),
      form.field(demo.citizenship, { name: 'demographics.citizenship', label: 'Citizenship' }),
      form.field(demo.gender, { name: 'demographics.gender', label: 'Gender' }),
    ),
    form.field(narrative, {
      name: 'narrative',
      label: 'Narrative',
      hint: [
        'Describe the need only. ',
        h('strong', null, 'No names, phone numbers, email or street addresses, dates of birth, case numbers, dates or places.'),
        ` Stored encrypted; destroyed after ${rules.narrativeRetentionDays} days.`,
      ],
    }),
  );
  replace(requestSection, h('h2', { id: 'req-h' }, 'The request'), summary, form.element);
}

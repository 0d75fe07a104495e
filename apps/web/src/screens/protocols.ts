import { ApiError, IdempotentRetry, download, get, post, query } from '../api.js';
import { details, h, replace, scrollTable, uid } from '../dom.js';
import { centsOf, checkedValue, FieldProblem, Form, input, labelled, moneyInput, radios, select, selectOf } from '../forms.js';
import { codes, dateTime, dollarsInput, label, money, tiersText } from '../format.js';
import { PagedList, readAll } from '../paging.js';
import type { ScreenContext } from '../router.js';
import type { FundBalance, Items, Protocol, ProtocolRules, ProtocolVersionItem, ProtocolVote, ProtocolWriteResult } from '../types.js';
import { confirmButton, emptyState, loadError, loading, PageStatus, pageHeading } from '../ui.js';
import { foresightPanel } from './protocol-foresight.js';

/**
 * Protocol versions: the coordinator drafts, revises and proposes; the council votes (approve,
 * reject or recuse); the deciding vote puts the version in force. Everyone here can read the
 * list and download any version as a document.
 */

type Versions = (limit: number, offset: number, status?: string) => Promise<readonly ProtocolVersionItem[]>;

const versions: Versions = async (limit, offset, status) => (await get<Items<ProtocolVersionItem>>(`/queues/protocol-versions${query({ status, limit, offset })}`)).items;

async function protocolInForce(): Promise<Protocol | null> {
  try {
    return await get<Protocol>('/protocols/current');
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'PROTOCOL.NONE_IN_FORCE' || error.status === 404)) return null;
    throw error;
  }
}

const readProtocol = (version: string): Promise<Protocol> => get<Protocol>(`/protocols/${encodeURIComponent(version)}`);

// ------------------------------------------------------------------ reading rules

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

/** Each rule as people read it, in the order of the protocol document. */
const RULES: readonly (readonly [string, (r: ProtocolRules) => string])[] = [
  ['Eligible expense categories', (r) => r.eligibleCategories.map((c) => label('category', c)).join(', ')],
  ['Cap per request', (r) => money(r.capPerRequestCents)],
  ['Cap per survivor reference in any 12 months', (r) => money(r.capPerSurvivorPer12MonthsCents)],
  ['Council approvals per request', (r) => tiersText(r)],
  [
    'Expedited path for emergencies',
    (r) =>
      r.expedited.enabled
        ? `Up to ${money(r.expedited.capCents)}: one on-call approver decides within ${r.expedited.decisionWithinHours} hours; the council ratifies within ${days(r.expedited.ratificationWithinDays)}`
        : 'None',
  ],
  ['Receipts due', (r) => `${days(r.receiptDeadlineDays)} after payment`],
  ['When a receipt is overdue', (r) => label('overdueReceiptConsequence', r.overdueReceiptConsequence)],
  ['Gift card face value limit', (r) => `${money(r.giftCardFaceValueLimitCents)} per card`],
  ['Council approvals to adopt the next version', (r) => String(r.protocolQuorum)],
  ['Fund approved requests reserve money in', (r) => r.defaultFundId],
  ['Undecided requests expire after', (r) => days(r.requestExpiryDays)],
  ['Narratives destroyed after', (r) => `${days(r.narrativeRetentionDays)} (from closing)`],
];

function categoryChange(before: ProtocolRules, after: ProtocolRules): string {
  const added = after.eligibleCategories.filter((c) => !before.eligibleCategories.includes(c));
  const removed = before.eligibleCategories.filter((c) => !after.eligibleCategories.includes(c));
  return [added.length ? `Adds ${added.map((c) => label('category', c)).join(', ')}` : '', removed.length ? `Removes ${removed.map((c) => label('category', c)).join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

/** What a version changes from the rules in force (every rule when none is in force). */
export function rulesChanges(inForce: Protocol | null, rules: ProtocolRules, caption: string): HTMLElement {
  if (!inForce) {
    return scrollTable(
      caption,
      h('table', null, h('caption', null, caption), h('tbody', null, RULES.map(([name, show]) => h('tr', null, h('th', { scope: 'row' }, name), h('td', null, show(rules)))))),
    );
  }
  const changed = RULES.filter(([, show]) => show(inForce.rules) !== show(rules));
  if (changed.length === 0) return h('p', null, `The same rules as the version in force (${inForce.version}).`);
  return scrollTable(
    caption,
    h(
      'table',
      null,
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, `In force (${inForce.version})`), h('th', { scope: 'col' }, 'Proposed'))),
      h(
        'tbody',
        null,
        changed.map(([name, show]) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, name),
            h('td', null, show(inForce.rules)),
            h('td', { class: 'strong' }, name === 'Eligible expense categories' ? categoryChange(inForce.rules, rules) : show(rules)),
          ),
        ),
      ),
    ),
  );
}

function tallyText(item: Pick<ProtocolVersionItem, 'tally' | 'quorum'>): string {
  if (!item.tally) return '—';
  const t = item.tally;
  return `${t.approvals} approve, ${t.rejections} reject, ${t.recusals} recused${item.quorum ? `; ${item.quorum} needed either way` : ''}`;
}

function lastChange(item: ProtocolVersionItem): string {
  const [what, at] =
    item.status === 'superseded'
      ? ['superseded', item.supersededAt]
      : item.status === 'adopted'
        ? [item.bootstrapped ? 'bootstrapped' : 'adopted', item.adoptedAt]
        : item.status === 'rejected'
          ? ['rejected', item.rejectedAt]
          : item.status === 'proposed'
            ? ['proposed', item.proposedAt]
            : item.revisedAt
              ? ['revised', item.revisedAt]
              : ['drafted', item.draftedAt];
  return `${what} ${dateTime(at)}`;
}

function documentButton(version: string, status: PageStatus): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'link-button' }, 'Download', h('span', { class: 'visually-hidden' }, ` protocol ${version}`), ' (Markdown)');
  button.addEventListener('click', () => {
    void download(`/protocols/${encodeURIComponent(version)}/document`, `protocol-${version}.md`).catch((error: unknown) => status.error(error));
  });
  return button;
}

function versionsTable(items: readonly ProtocolVersionItem[], status: PageStatus): HTMLElement {
  return scrollTable(
    'Protocol versions',
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, 'Protocol versions, most recently changed first'),
      h('thead', null, h('tr', null, ['Version', 'Title', 'Status', 'Council votes', 'Last change', 'Document'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        items.map((item) =>
          h(
            'tr',
            { class: item.status === 'superseded' || item.status === 'rejected' ? 'muted' : null },
            h('th', { scope: 'row', class: 'ref' }, item.version),
            h('td', null, item.title),
            h('td', null, h('span', { class: `badge protocol-${item.status}` }, label('protocolStatus', item.status)), item.supersededBy ? ` by ${item.supersededBy}` : ''),
            h('td', null, item.bootstrapped ? 'bootstrapped, no vote' : tallyText(item)),
            h('td', null, lastChange(item)),
            h('td', null, documentButton(item.version, status)),
          ),
        ),
      ),
    ),
  );
}

function inForcePanel(inForce: Protocol | null, status: PageStatus): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'in-force-h' },
    h('h2', { id: 'in-force-h' }, 'In force'),
    inForce
      ? [h('p', null, h('strong', null, inForce.title), ' ', h('span', { class: 'ref' }, `(${inForce.version})`), '. ', documentButton(inForce.version, status)), details(RULES.map(([name, show]) => [name, show(inForce.rules)] as const))]
      : h('p', null, 'No protocol is in force yet.'),
  );
}

// ------------------------------------------------------------------ editing rules

/**
 * The rules as the editor holds them: codes as chosen on the page (the api checks them when they
 * are sent), otherwise the api's own shape, so the rules in force fill it in as they are.
 */
type EditableRules = Omit<ProtocolRules, 'eligibleCategories' | 'overdueReceiptConsequence'> & {
  readonly eligibleCategories: readonly string[];
  readonly overdueReceiptConsequence: string;
};

/** Starting rules when no version was ever in force (the coordinator bootstraps the first). */
const FIRST_RULES: EditableRules = {
  eligibleCategories: codes('category'),
  capPerRequestCents: 50_000,
  capPerSurvivorPer12MonthsCents: 150_000,
  approvalTiers: [
    { upToCents: 25_000, approvalsRequired: 1 },
    { upToCents: null, approvalsRequired: 2 },
  ],
  expedited: { enabled: true, capCents: 15_000, decisionWithinHours: 24, ratificationWithinDays: 14 },
  receiptDeadlineDays: 14,
  overdueReceiptConsequence: 'block_new_requests',
  giftCardFaceValueLimitCents: 10_000,
  protocolQuorum: 3,
  defaultFundId: 'general',
  requestExpiryDays: 30,
  narrativeRetentionDays: 90,
};

function whole(control: HTMLInputElement, field: string): number {
  const text = control.value.trim();
  if (!/^\d{1,7}$/.test(text)) throw new FieldProblem(field, 'Enter a whole number, like 14');
  return Number(text);
}

function numberInput(value: number): HTMLInputElement {
  return input({ type: 'text', inputmode: 'numeric', autocomplete: 'off', value: String(value), class: 'short' });
}

function rulesGroup(legend: string, ...children: HTMLElement[]): HTMLFieldSetElement {
  return h('fieldset', { class: 'rules-group' }, h('legend', null, legend), children);
}

/**
 * The rules as form fields named the way the api names them (`rules.approvalTiers.1.upToCents`),
 * so a refusal lands next to the field it is about.
 */
function rulesEditor(form: Form, initial: EditableRules, funds: readonly FundBalance[]): { elements: HTMLElement[]; read(): EditableRules } {
  const categories = codes('category').map((c) => h('input', { type: 'checkbox', value: c, id: uid(`cat-${c}`), checked: initial.eligibleCategories.includes(c) }));
  const capPerRequest = moneyInput(dollarsInput(initial.capPerRequestCents));
  const capPerSurvivor = moneyInput(dollarsInput(initial.capPerSurvivorPer12MonthsCents));

  const tierRows = h('div', { class: 'tiers' });
  const tiers: { upTo: HTMLInputElement; approvals: HTMLInputElement; row: HTMLElement }[] = [];
  const addTier = (upToCents: number | null, approvalsRequired: number): void => {
    const i = tiers.length;
    const upTo = moneyInput(dollarsInput(upToCents));
    const approvals = numberInput(approvalsRequired);
    const row = h(
      'div',
      { class: 'row tier' },
      form.field(upTo, { name: `rules.approvalTiers.${i}.upToCents`, label: `Tier ${i + 1}: requests up to (US$)`, className: 'inline-field', hint: 'Empty on the last tier: any amount.' }),
      form.field(approvals, { name: `rules.approvalTiers.${i}.approvalsRequired`, label: `Tier ${i + 1}: approvals needed`, className: 'inline-field', required: true }),
    );
    tiers.push({ upTo, approvals, row });
    tierRows.append(row);
  };
  for (const tier of initial.approvalTiers) addTier(tier.upToCents, tier.approvalsRequired);
  const more = h('button', { type: 'button' }, 'Add a tier');
  const fewer = h('button', { type: 'button' }, 'Remove the last tier');
  more.addEventListener('click', () => {
    addTier(null, tiers.at(-1)?.approvals.value ? Number(tiers.at(-1)?.approvals.value) : 1);
    tiers.at(-1)?.upTo.focus();
  });
  fewer.addEventListener('click', () => {
    if (tiers.length <= 1) return;
    tiers.pop()?.row.remove();
    tiers.at(-1)?.upTo.focus();
  });

  const expeditedOn = h('input', { type: 'checkbox', id: uid('expedited'), checked: initial.expedited.enabled });
  const expeditedCap = moneyInput(dollarsInput(initial.expedited.capCents));
  const decisionHours = numberInput(initial.expedited.decisionWithinHours);
  const ratificationDays = numberInput(initial.expedited.ratificationWithinDays);
  const receiptDays = numberInput(initial.receiptDeadlineDays);
  const overdue = select('overdueReceiptConsequence', codes('overdueReceiptConsequence'), initial.overdueReceiptConsequence);
  const giftCardLimit = moneyInput(dollarsInput(initial.giftCardFaceValueLimitCents));
  const quorum = numberInput(initial.protocolQuorum);
  // The fund in the rules may not be open (yet): keep it choosable rather than silently changing it.
  const fundOptions: (readonly [string, string])[] = funds.map((f) => [f.fundId, `${f.name} (${f.fundId})`]);
  if (!funds.some((f) => f.fundId === initial.defaultFundId)) fundOptions.push([initial.defaultFundId, initial.defaultFundId]);
  const defaultFund = selectOf(fundOptions, initial.defaultFundId);
  const expiryDays = numberInput(initial.requestExpiryDays);
  const retentionDays = numberInput(initial.narrativeRetentionDays);

  const elements = [
    form.group(
      'rules.eligibleCategories',
      'Eligible expense categories',
      categories.map((c) => labelled(c, label('category', c.value))),
      'Providers can request only these.',
    ),
    rulesGroup(
      'Caps',
      form.field(capPerRequest, { name: 'rules.capPerRequestCents', label: 'Cap per request (US$)', required: true }),
      form.field(capPerSurvivor, { name: 'rules.capPerSurvivorPer12MonthsCents', label: 'Cap per survivor reference in any 12 months (US$)', required: true }),
      form.field(giftCardLimit, { name: 'rules.giftCardFaceValueLimitCents', label: 'Gift card face value limit, per card (US$)', required: true, hint: 'OVC’s guidance is $100.' }),
    ),
    form.group('rules.approvalTiers', 'Council approvals per request', [tierRows, h('div', { class: 'actions' }, more, fewer)], 'Tiers go up by amount; a bigger request never needs fewer approvals.'),
    rulesGroup(
      'Expedited path for emergencies',
      form.group('rules.expedited.enabled', 'Expedited path', [labelled(expeditedOn, 'One on-call approver may approve an emergency at once')]),
      form.field(expeditedCap, { name: 'rules.expedited.capCents', label: 'Expedited cap (US$)', required: true, hint: 'At most the cap per request.' }),
      form.field(decisionHours, { name: 'rules.expedited.decisionWithinHours', label: 'Decision within (hours)', required: true }),
      form.field(ratificationDays, { name: 'rules.expedited.ratificationWithinDays', label: 'Council ratifies within (days)', required: true }),
    ),
    rulesGroup(
      'Receipts',
      form.field(receiptDays, { name: 'rules.receiptDeadlineDays', label: 'Receipts due (days after payment)', required: true }),
      form.field(overdue, { name: 'rules.overdueReceiptConsequence', label: 'When a receipt is overdue', required: true }),
    ),
    rulesGroup(
      'Other rules',
      form.field(quorum, { name: 'rules.protocolQuorum', label: 'Council approvals to adopt the next version', required: true }),
      form.field(defaultFund, { name: 'rules.defaultFundId', label: 'Fund approved requests reserve money in', required: true }),
      form.field(expiryDays, { name: 'rules.requestExpiryDays', label: 'Undecided requests expire after (days)', required: true }),
      form.field(retentionDays, { name: 'rules.narrativeRetentionDays', label: 'Narratives destroyed after (days from closing)', required: true }),
    ),
  ];

  return {
    elements,
    read(): EditableRules {
      const approvalTiers = tiers.map((t, i) => {
        const last = i === tiers.length - 1;
        const upToCents = last && t.upTo.value.trim() === '' ? null : centsOf(t.upTo, `rules.approvalTiers.${i}.upToCents`) ?? null;
        return { upToCents, approvalsRequired: whole(t.approvals, `rules.approvalTiers.${i}.approvalsRequired`) };
      });
      return {
        eligibleCategories: categories.filter((c) => c.checked).map((c) => c.value),
        capPerRequestCents: centsOf(capPerRequest, 'rules.capPerRequestCents') ?? 0,
        capPerSurvivorPer12MonthsCents: centsOf(capPerSurvivor, 'rules.capPerSurvivorPer12MonthsCents') ?? 0,
        approvalTiers,
        expedited: {
          enabled: expeditedOn.checked,
          capCents: centsOf(expeditedCap, 'rules.expedited.capCents') ?? 0,
          decisionWithinHours: whole(decisionHours, 'rules.expedited.decisionWithinHours'),
          ratificationWithinDays: whole(ratificationDays, 'rules.expedited.ratificationWithinDays'),
        },
        receiptDeadlineDays: whole(receiptDays, 'rules.receiptDeadlineDays'),
        overdueReceiptConsequence: overdue.value,
        giftCardFaceValueLimitCents: centsOf(giftCardLimit, 'rules.giftCardFaceValueLimitCents') ?? 0,
        protocolQuorum: whole(quorum, 'rules.protocolQuorum'),
        defaultFundId: defaultFund.value,
        requestExpiryDays: whole(expiryDays, 'rules.requestExpiryDays'),
        narrativeRetentionDays: whole(retentionDays, 'rules.narrativeRetentionDays'),
      };
    },
  };
}

// ------------------------------------------------------------------ the screen

/** Council, coordinator and auditor: protocol versions; what each may do depends on the role. */
export async function renderProtocols(context: ScreenContext): Promise<void> {
  const { main, session } = context;
  const status = new PageStatus();
  const lead =
    session.role === 'council'
      ? 'Proposed versions of the protocol awaiting your vote. The deciding vote puts a version in force at once.'
      : session.role === 'coordinator'
        ? 'Draft the next version of the protocol, revise it, and propose it to the council, which adopts it by vote.'
        : 'Every version of the protocol and where it stands.';
  const body = h('div', null, loading());
  main.append(...pageHeading('Protocols', lead), status.element, body);

  let inForce: Protocol | null;
  let funds: readonly FundBalance[] = [];
  try {
    [inForce, funds] = await Promise.all([
      protocolInForce(),
      session.role === 'coordinator' ? get<Items<FundBalance>>('/balances/funds').then((r) => r.items) : Promise.resolve([] as FundBalance[]),
    ]);
  } catch (error) {
    replace(body, loadError(error));
    return;
  }

  const all = new PagedList<ProtocolVersionItem>({
    noun: 'protocol versions',
    fetch: (limit, offset) => versions(limit, offset),
    render: (items) => versionsTable(items, status),
    empty: 'No protocol version yet.',
  });
  const allSection = h('section', { 'aria-labelledby': 'all-h' }, h('h2', { id: 'all-h' }, 'All versions'), all.element);

  /** After a write: redraw what depends on it (every read waits for the write, see consistency.ts). */
  const settle = async (redraw: () => Promise<void>): Promise<void> => {
    await Promise.all([redraw(), all.load(0)]);
  };

  if (session.role === 'council') {
    const awaiting = h('div', { class: 'cards' }, loading());
    const voted = h('div');
    const drawProposals = async (): Promise<void> => {
      let proposed: ProtocolVersionItem[];
      try {
        proposed = await readAll((limit, offset) => versions(limit, offset, 'proposed'));
      } catch (error) {
        replace(awaiting, loadError(error, () => void drawProposals()));
        return;
      }
      const open = proposed.filter((p) => !p.myVote);
      const done = proposed.filter((p) => p.myVote);
      const texts = await Promise.all(open.map((p) => readProtocol(p.version).catch(() => null)));
      replace(
        awaiting,
        open.length === 0
          ? emptyState('No proposal awaits your vote.')
          : open.map((item, i) => proposalCard(item, texts[i] ?? null, inForce, status, (message) => {
              status.success(message);
              return settle(async () => {
                inForce = await protocolInForce().catch(() => inForce);
                await drawProposals();
              });
            })),
      );
      replace(
        voted,
        done.length === 0
          ? null
          : [
              h('h3', null, 'Proposals you voted on, still open'),
              h('ul', null, done.map((p) => h('li', null, h('span', { class: 'ref' }, p.version), ` ${p.title}: you voted ${label('protocolVote', p.myVote ?? '').toLowerCase()}; so far ${tallyText(p)}.`))),
            ],
      );
    };
    replace(
      body,
      h('section', { 'aria-labelledby': 'awaiting-h' }, h('h2', { id: 'awaiting-h' }, 'Awaiting your vote'), awaiting, voted),
      inForcePanel(inForce, status),
      allSection,
    );
    await Promise.all([drawProposals(), all.load()]);
    return;
  }

  if (session.role === 'coordinator') {
    const drafts = h('div', { class: 'cards' }, loading());
    const drawDrafts = async (): Promise<void> => {
      let items: ProtocolVersionItem[];
      try {
        items = await readAll((limit, offset) => versions(limit, offset, 'draft'));
      } catch (error) {
        replace(drafts, loadError(error, () => void drawDrafts()));
        return;
      }
      const texts = await Promise.all(items.map((d) => readProtocol(d.version).catch(() => null)));
      replace(
        drafts,
        items.length === 0
          ? emptyState('No draft. Start one below.')
          : items.map((item, i) => draftCard(item, texts[i] ?? null, inForce, funds, status, (message) => {
              status.success(message);
              return settle(drawDrafts);
            })),
      );
    };
    replace(
      body,
      h('section', { 'aria-labelledby': 'drafts-h' }, h('h2', { id: 'drafts-h' }, 'Drafts'), drafts),
      h(
        'section',
        { 'aria-labelledby': 'new-h' },
        h('h2', { id: 'new-h' }, inForce ? 'Draft a new version' : 'Bootstrap the first protocol'),
        newVersionForm(inForce, funds, (message) => {
          status.success(message);
          return settle(async () => {
            if (inForce) {
              await drawDrafts();
              return;
            }
            // The first version in force changes the whole page: the next drafts start from it.
            main.replaceChildren();
            await renderProtocols(context);
            main.querySelector<HTMLElement>('.page-status')?.replaceChildren(message);
            main.querySelector<HTMLElement>('.page-status')?.classList.add('success');
          });
        }),
      ),
      inForcePanel(inForce, status),
      allSection,
    );
    await Promise.all([drawDrafts(), all.load()]);
    return;
  }

  replace(body, inForcePanel(inForce, status), allSection);
  await all.load();
}

type Written = (message: string) => Promise<void>;

function versionFacts(item: ProtocolVersionItem): HTMLElement {
  return details([
    ['Version', h('span', { class: 'ref' }, item.version)],
    ['Status', label('protocolStatus', item.status)],
    ['Drafted', item.draftedAt ? dateTime(item.draftedAt) : null],
    ['Last revised', item.revisedAt ? dateTime(item.revisedAt) : null],
    ['Proposed', item.proposedAt ? dateTime(item.proposedAt) : null],
    ['Votes so far', item.tally ? tallyText(item) : null],
  ]);
}

/** Council: one proposal, what it changes, and the vote. */
function proposalCard(item: ProtocolVersionItem, text: Protocol | null, inForce: Protocol | null, status: PageStatus, done: Written): HTMLElement {
  const headingId = uid('p');
  const retry = new IdempotentRetry();
  const choices = radios(`protocol-vote-${item.version}`, 'protocolVote', ['approve', 'reject', 'recuse'], '');
  const voteLabels: Record<ProtocolVote, string> = { approve: 'Approve', reject: 'Reject', recuse: 'Recuse myself' };
  const foresight = foresightPanel(item.version);
  const form = new Form({
    title: `Vote on protocol ${item.version}`,
    submitLabel: 'Cast vote',
    onSubmit: async () => {
      const vote = checkedValue(choices) as ProtocolVote | undefined;
      if (!vote) throw new FieldProblem('vote', 'Choose approve, reject or recuse');
      const result = await post<ProtocolWriteResult>(`/protocols/${encodeURIComponent(item.version)}/votes`, { vote, ...foresight.voteFields() }, retry);
      const outcome = result.status === 'adopted' ? ' That was the deciding vote: the council adopted it, and it is now in force.' : result.status === 'rejected' ? ' That was the deciding vote: the council rejected it.' : '';
      await done(`Your vote (${voteLabels[vote].toLowerCase()}) on protocol ${item.version} is recorded.${outcome}`);
    },
  });
  form.body.append(
    form.group(
      'vote',
      'Your vote',
      choices.map((c) => labelled(c, voteLabels[c.value as ProtocolVote])),
      'A recusal is recorded and counts neither way.',
    ),
  );
  return h(
    'article',
    { class: 'card', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, item.title, ' ', h('span', { class: 'ref' }, `(${item.version})`)),
    versionFacts(item),
    text ? rulesChanges(inForce, text.rules, `What protocol ${item.version} changes`) : h('p', { class: 'error-text' }, 'The rules of this version could not be loaded.'),
    foresight.element,
    h('p', null, documentButton(item.version, status)),
    form.element,
  );
}

/** Coordinator: one draft, what it changes, its revision and its proposal. */
function draftCard(item: ProtocolVersionItem, text: Protocol | null, inForce: Protocol | null, funds: readonly FundBalance[], status: PageStatus, done: Written): HTMLElement {
  const headingId = uid('d');
  const path = `/protocols/${encodeURIComponent(item.version)}`;
  const parts: HTMLElement[] = [h('h3', { id: headingId }, item.title, ' ', h('span', { class: 'ref' }, `(${item.version})`)), versionFacts(item)];
  if (!text) {
    parts.push(h('p', { class: 'error-text' }, 'The rules of this draft could not be loaded.'));
  } else {
    parts.push(rulesChanges(inForce, text.rules, `What draft ${item.version} changes`));
    const retryRevise = new IdempotentRetry();
    const revise = new Form({
      title: `Revise draft ${item.version}`,
      submitLabel: 'Save the revised rules',
      onSubmit: async () => {
        await post<ProtocolWriteResult>(`${path}/revisions`, { rules: editor.read() }, retryRevise);
        await done(`Draft ${item.version} revised.`);
      },
    });
    const editor = rulesEditor(revise, text.rules, funds);
    revise.body.append(...editor.elements);
    const retryPropose = new IdempotentRetry();
    parts.push(
      h('details', null, h('summary', null, `Revise the rules of ${item.version}`), revise.element),
      h('h4', null, 'Propose to the council'),
      h('p', { class: 'hint' }, `The council then votes; ${inForce ? `${inForce.rules.protocolQuorum} approvals (the quorum of the version in force)` : 'the quorum of the version in force'} adopt it. A proposed version can no longer be revised.`),
      confirmButton(
        `Propose ${item.version}`,
        'Yes, propose it',
        async () => {
          try {
            await post<ProtocolWriteResult>(`${path}/proposal`, {}, retryPropose);
            await done(`Protocol ${item.version} proposed to the council.`);
          } catch (error) {
            status.error(error);
          }
        },
        false,
      ),
    );
  }
  return h('article', { class: 'card', 'aria-labelledby': headingId }, parts);
}

/** Coordinator: a new draft from the rules in force (or the first version, bootstrapped). */
function newVersionForm(inForce: Protocol | null, funds: readonly FundBalance[], done: Written): HTMLElement {
  const retry = new IdempotentRetry();
  const version = input({ autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', class: 'medium', placeholder: '2027-1' });
  const title = input({ autocomplete: 'off', maxlength: 120 });
  const form = new Form({
    title: inForce ? 'Draft a new protocol version' : 'Bootstrap the first protocol',
    submitLabel: inForce ? 'Save the draft' : 'Put the first protocol in force',
    onSubmit: async () => {
      const body = { version: version.value.trim(), title: title.value.trim(), rules: editor.read() };
      if (!body.version) throw new FieldProblem('version', 'Name the version, like 2027-1');
      if (!body.title) throw new FieldProblem('title', 'Give the version a title');
      const result = await post<ProtocolWriteResult>(inForce ? '/protocols' : '/protocols/bootstrap', body, retry);
      version.value = '';
      title.value = '';
      await done(inForce ? `Draft ${result.version} saved. Revise it or propose it from the drafts above.` : `Protocol ${result.version} is in force.`);
    },
  });
  const editor = rulesEditor(form, inForce?.rules ?? FIRST_RULES, funds);
  form.body.append(
    form.field(version, { name: 'version', label: 'Version', required: true, hint: 'Lower-case letters, digits and dashes, like 2027-1. It cannot be changed later.' }),
    form.field(title, { name: 'title', label: 'Title', required: true, hint: 'One line, like “Emergency fund protocol 2027”.' }),
    h('p', { class: 'hint' }, inForce ? `Filled in with the rules in force (${inForce.version}); change what the new version changes.` : 'Filled in with sensible starting rules; the council votes on every later version.'),
    ...editor.elements,
  );
  return form.element;
}

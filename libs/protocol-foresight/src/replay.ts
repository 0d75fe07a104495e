import { CodedError, type DomainEvent, type RecordedEvent } from '@fund/event-sourcing';
import {
  fundRequestDecider,
  fundRequestPlan,
  fundRequestStreamId,
  type FundRequestCommand,
  type FundRequestEvent,
  type FundRequestState,
  type RequestRules,
} from '@fund/fund-requests';
import { fundDecider, fundFigures, fundStreamId, type FundEvent, type FundFigures } from '@fund/funds';
import { stockDecider, stockStreamId, type StockEvent } from '@fund/inventory';
import {
  committedInWindow,
  organizationDecider,
  organizationStreamId,
  survivorReferenceDecider,
  survivorStreamId,
  type OrganizationEvent,
  type SurvivorReferenceEvent,
} from '@fund/organizations';
import type { ProtocolEvent, ProtocolInForce, ProtocolRegistryEvent, ProtocolRules } from '@fund/protocols';
import { MemoryStreams, type MemoryUnit, type WrittenEvents } from './memory-unit';

/** Requests submitted from `from` (inclusive) to `to` (exclusive) are re-decided. */
export interface ReplayWindow {
  readonly from: Date;
  readonly to: Date;
}

/** Where a replayed request was refused: the stage names the command that the rules stopped. */
export const REFUSAL_STAGES = ['submission', 'approval', 'payment'] as const;
export type RefusalStage = (typeof REFUSAL_STAGES)[number];

export interface Refusal {
  readonly stage: RefusalStage;
  readonly code: string;
}

/** Where a request ended, in one world. `refused`: the rules stopped its submission. */
export const OUTCOMES = ['approved', 'denied', 'undecided', 'withdrawn', 'expired', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One request's end in one world: what the identity check compares with what happened. */
export interface RequestOutcome {
  readonly status: FundRequestState['status'];
  readonly approvedCents: number | null;
  readonly fundId: string | null;
  readonly disbursedCents: number;
}

export interface MonthFigures {
  committedCents: number;
  /** Approvals behind `committedCents`: the count its publication is suppressed by. */
  approvals: number;
  releasedCents: number;
  disbursedCents: number;
}

/** What one world (history as recorded, or history under the draft) came to. */
export interface WorldResult {
  readonly outcomes: ReadonlyMap<string, RequestOutcome>;
  readonly refusals: ReadonlyMap<string, Refusal & { requests: number }>;
  /** Requests that the council approved but whose approving votes would not have been enough. */
  readonly neededMoreVotes: number;
  /** Requests that an earlier vote would already have approved. */
  readonly approvedWithFewerVotes: number;
  /** Survivor references whose 12-month cap was reached or refused a request in the window. */
  readonly referencesAtCap: number;
  /** fundId -> month (`YYYY-MM`) -> figures, from the replayed decisions of the window's requests. */
  readonly money: ReadonlyMap<string, ReadonlyMap<string, MonthFigures>>;
  /** Each fund's figures once the whole history up to the window's end is folded. */
  readonly funds: ReadonlyMap<string, FundFigures>;
}

export interface ReplayResult {
  readonly window: ReplayWindow;
  readonly requests: number;
  readonly eventsRead: number;
  /** The global position of the last event read: the replay's input is the log up to it. */
  readonly throughPosition: number;
  /** What happened: the stored events, folded as they are. */
  readonly happened: WorldResult;
  readonly draft: WorldResult;
}

const STARTERS_ONLY_AFTER_VOTE = new Set(['FundRequestApproved', 'FundRequestDenied']);
// A card purchase (MoneySpentOnStock) spends a fund's money as recorded, in both worlds: no request decides it.
const FUND_TYPES = new Set(['FundOpened', 'MoneyReceived', 'MoneyReserved', 'ReservationReleased', 'MoneyDisbursed', 'DisbursementVoided', 'MoneySpentOnStock', 'SaleProceedsReceived']);
const SURVIVOR_TYPES = new Set(['SurvivorReferenceIssued', 'SupportCommitted', 'SupportReleased']);
const ORGANIZATION_TYPES = new Set(['OrganizationRegistered', 'ReceiptDue', 'ReceiptSettled']);
const STOCK_TYPES = new Set(['StockReceived', 'StockIssued', 'StockAdjusted', 'StockSold']);
const REQUEST_TYPES = new Set([
  'FundRequestSubmitted',
  'MoreInformationRequested',
  'InformationProvided',
  'RequestVoteCast',
  'FundRequestApproved',
  'FundRequestDenied',
  'FundRequestWithdrawn',
  'FundRequestExpired',
  'ExpeditedApprovalRatified',
  'DisbursementRecorded',
  'RequestDisbursementVoided',
  'ReceiptRecorded',
  'LostReceiptAttested',
  'FundRequestClosed',
  'NarrativeShredded',
]);
/** Refusals that only follow from an earlier difference (a request that no longer exists or is no longer pending). */
const CONSEQUENTIAL = new Set(['FUND_REQUEST.NOT_FOUND', 'FUND_REQUEST.WRONG_STATUS', 'FUND_REQUEST.UNKNOWN_DISBURSEMENT']);
const REQUEST_PREFIX = 'fund-request-';

type Recorded = RecordedEvent;
type RequestRecorded = Recorded & FundRequestEvent;

/** A request-stream command as history recorded it: its first event and the verdict that came with it. */
interface CommandGroup {
  readonly requestId: string;
  readonly first: RequestRecorded;
  readonly verdict: RequestRecorded | null;
}

const monthOf = (at: Date) => at.toISOString().slice(0, 7);

export function outcomeOfStatus(status: FundRequestState['status']): Outcome {
  switch (status) {
    case 'none':
      return 'refused';
    case 'submitted':
    case 'info_requested':
      return 'undecided';
    case 'approved':
    case 'disbursed':
    case 'closed':
      return 'approved';
    default:
      return status;
  }
}

export function requestOutcome(state: FundRequestState): RequestOutcome {
  const approval = 'approval' in state ? state.approval : null;
  const disbursements = 'disbursements' in state ? Object.values(state.disbursements) : [];
  return {
    status: state.status,
    approvedCents: approval?.amountCents ?? null,
    fundId: approval?.fundId ?? null,
    disbursedCents: disbursements.filter((d) => !d.voided).reduce((sum, d) => sum + d.amountCents, 0),
  };
}

interface RequestTrack {
  refusal: Refusal | null;
  neededMoreVotes: boolean;
  approvedWithFewerVotes: boolean;
  survivorReference: string;
}

/** The figures both worlds are compared on, fed with the events their decisions wrote. */
class Tally {
  private readonly money = new Map<string, Map<string, MonthFigures>>();
  /** References stay inside the replay: only how many leaves it. */
  readonly atCap = new Set<string>();

  observe(streams: MemoryStreams, streamId: string, event: DomainEvent, at: Date, rules: Pick<ProtocolRules, 'capPerSurvivorPer12MonthsCents'>): void {
    if (FUND_TYPES.has(event.type)) observeFund(this.figures(streamId.slice('fund-'.length), at), event as FundEvent);
    else if (event.type === 'SupportCommitted' && committedInWindow(streams.state(streamId, survivorReferenceDecider), at) >= rules.capPerSurvivorPer12MonthsCents) {
      this.atCap.add(streamId.slice('survivor-'.length));
    }
  }

  private figures(fundId: string, at: Date): MonthFigures {
    let months = this.money.get(fundId);
    if (!months) this.money.set(fundId, (months = new Map()));
    const month = monthOf(at);
    let figures = months.get(month);
    if (!figures) months.set(month, (figures = { committedCents: 0, approvals: 0, releasedCents: 0, disbursedCents: 0 }));
    return figures;
  }

  result(streams: MemoryStreams, fundIds: readonly string[]): Pick<WorldResult, 'money' | 'funds' | 'referencesAtCap'> {
    const funds = new Map(fundIds.map((fundId) => [fundId, fundFigures(streams.state(fundStreamId(fundId), fundDecider))] as const));
    return { money: this.money, funds, referencesAtCap: this.atCap.size };
  }
}

function applyEvent(streams: MemoryStreams, event: Recorded): void {
  const { type } = event;
  if (FUND_TYPES.has(type)) streams.apply(event.streamId, fundDecider, event as unknown as FundEvent);
  else if (SURVIVOR_TYPES.has(type)) streams.apply(event.streamId, survivorReferenceDecider, event as unknown as SurvivorReferenceEvent);
  else if (ORGANIZATION_TYPES.has(type)) streams.apply(event.streamId, organizationDecider, event as unknown as OrganizationEvent);
  else if (STOCK_TYPES.has(type)) streams.apply(event.streamId, stockDecider, event as unknown as StockEvent);
}

/**
 * History as it was recorded: every event folded as it is, nothing decided again. Its figures
 * come from the events the window's decisions actually wrote.
 */
class RecordedWorld {
  readonly streams = new MemoryStreams();
  private readonly tally = new Tally();
  private readonly requests = new Map<string, FundRequestState>();
  request(requestId: string, event: RequestRecorded): void {
    this.requests.set(requestId, fundRequestDecider.evolve(this.requests.get(requestId) ?? fundRequestDecider.initialState(), event));
  }

  /** `consequence`: the event follows from a decision about a request of the window. */
  apply(event: Recorded, consequence: boolean, rules: Pick<ProtocolRules, 'capPerSurvivorPer12MonthsCents'> | undefined): void {
    if (FUND_TYPES.has(event.type)) this.streams.apply(event.streamId, fundDecider, event as unknown as FundEvent);
    else if (SURVIVOR_TYPES.has(event.type)) this.streams.apply(event.streamId, survivorReferenceDecider, event as unknown as SurvivorReferenceEvent);
    if (consequence && rules) this.tally.observe(this.streams, event.streamId, event, new Date(event.metadata.occurredAt), rules);
  }

  result(fundIds: readonly string[]): WorldResult {
    const outcomes = new Map([...this.requests].map(([id, state]) => [id, requestOutcome(state)] as const));
    return { outcomes, refusals: new Map(), neededMoreVotes: 0, approvedWithFewerVotes: 0, ...this.tally.result(this.streams, fundIds) };
  }
}

/**
 * One version of the fund's history: its aggregates in memory, each request of the window
 * re-decided by the real fund-request decider and plan under the rules `rulesFor` gives.
 */
class World {
  readonly streams = new MemoryStreams();
  private readonly requests = new Map<string, RequestTrack>();
  private readonly tally = new Tally();

  constructor(
    private readonly rulesFor: (recordedUnder: string | undefined) => ProtocolInForce,
    /** The version a decision was recorded under: what the replay needs to read what it was asked. */
    private readonly historical: (recordedUnder: string | undefined) => ProtocolInForce,
  ) {}

  applyHistorical(event: Recorded): void {
    applyEvent(this.streams, event);
  }

  replay(group: CommandGroup): void {
    const { requestId, first, verdict } = group;
    const protocol = this.rulesFor(first.metadata.protocolVersion);
    const at = new Date(first.metadata.occurredAt);
    const streamId = fundRequestStreamId(requestId);
    if (first.type === 'FundRequestSubmitted') {
      this.requests.set(requestId, { refusal: null, neededMoreVotes: false, approvedWithFewerVotes: false, survivorReference: first.data.survivorReference });
    }
    const track = this.requests.get(requestId);
    if (!track) return;
    // A request the rules refused at the door has no later commands; refusing each again costs a throw.
    if (first.type !== 'FundRequestSubmitted' && track.refusal?.stage === 'submission') return;
    const work = (unit: MemoryUnit) => {
      const command = commandOf(group, unit, protocol.rules, this.historical);
      const { before, events } = unit.decide(streamId, fundRequestDecider, command);
      unit.follow(fundRequestPlan({ before, events, protocol }));
      return events;
    };
    let decided: readonly FundRequestEvent[];
    let written: readonly WrittenEvents[];
    // Refusals are outcomes here, thrown by the thousand under a strict draft: a stack trace for
    // each cost more than the decision. Nothing is read from them, so none is captured.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      ({ result: decided, written } = this.streams.unit(work));
    } catch (error) {
      Error.stackTraceLimit = stackTraceLimit;
      // A fault, not a refusal: the same decision again (nothing was kept) throws it with its stack.
      if (!(error instanceof CodedError)) this.streams.unit(work);
      if (!(error instanceof CodedError)) throw error;
      this.refused(track, first.type, error.code);
      return;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.observe(written, at, protocol.rules);
    if (first.type !== 'RequestVoteCast') return;
    const approvedNow = decided.some((e) => e.type === 'FundRequestApproved');
    const approvedThen = verdict?.type === 'FundRequestApproved';
    if (approvedThen && !approvedNow) track.neededMoreVotes = true;
    if (approvedNow && !approvedThen) track.approvedWithFewerVotes = true;
    if (approvedNow) track.neededMoreVotes = false;
  }

  private refused(track: RequestTrack, type: string, code: string): void {
    const stage: RefusalStage | null = type === 'FundRequestSubmitted' ? 'submission' : type === 'RequestVoteCast' ? 'approval' : type === 'DisbursementRecorded' ? 'payment' : null;
    if (stage === null || CONSEQUENTIAL.has(code) || track.refusal) return;
    track.refusal = { stage, code };
    if (code === 'FUND_REQUEST.OVER_SURVIVOR_12_MONTH_CAP') this.tally.atCap.add(track.survivorReference);
  }

  private observe(written: readonly WrittenEvents[], at: Date, rules: ProtocolRules): void {
    for (const { streamId, events } of written) for (const event of events) this.tally.observe(this.streams, streamId, event, at, rules);
  }

  result(fundIds: readonly string[]): WorldResult {
    const outcomes = new Map<string, RequestOutcome>();
    const refusals = new Map<string, Refusal & { requests: number }>();
    let neededMoreVotes = 0;
    let approvedWithFewerVotes = 0;
    for (const [requestId, track] of this.requests) {
      const state = this.streams.state(fundRequestStreamId(requestId), fundRequestDecider);
      outcomes.set(requestId, requestOutcome(state));
      if (track.refusal) {
        const key = `${track.refusal.stage} ${track.refusal.code}`;
        const entry = refusals.get(key) ?? { ...track.refusal, requests: 0 };
        entry.requests++;
        refusals.set(key, entry);
      }
      if (track.neededMoreVotes && outcomeOfStatus(state.status) !== 'approved') neededMoreVotes++;
      if (track.approvedWithFewerVotes) approvedWithFewerVotes++;
    }
    return { outcomes, refusals, neededMoreVotes, approvedWithFewerVotes, ...this.tally.result(this.streams, fundIds) };
  }
}

function observeFund(figures: MonthFigures, event: FundEvent): void {
  switch (event.type) {
    case 'MoneyReserved':
      figures.committedCents += event.data.amountCents;
      figures.approvals++;
      return;
    case 'ReservationReleased':
      figures.releasedCents += event.data.amountCents;
      return;
    case 'MoneyDisbursed':
      figures.disbursedCents += event.data.amountCents;
      return;
    case 'DisbursementVoided':
      figures.disbursedCents -= event.data.amountCents;
      return;
    default:
      return;
  }
}

/** Commands that check the request's organization are replayed as its own organization's. */
function ownerOf(unit: MemoryUnit, requestId: string): string {
  const state = unit.load(fundRequestStreamId(requestId), fundRequestDecider);
  return state.status === 'none' ? '' : state.facts.organizationId;
}

/**
 * The command history recorded, rebuilt from its events: the actor, the moment and what was
 * asked are all in them; the rules and the other aggregates' states come from the world.
 */
function commandOf(group: CommandGroup, unit: MemoryUnit, rules: RequestRules, rulesFor: (v: string | undefined) => ProtocolInForce): FundRequestCommand {
  const { first, verdict } = group;
  const now = new Date(first.metadata.occurredAt);
  const actor = first.metadata.actor;
  switch (first.type) {
    case 'FundRequestSubmitted': {
      const { expedited: _expedited, submittedAt, ...facts } = first.data;
      return {
        type: 'SubmitFundRequest',
        data: {
          ...facts,
          now: new Date(submittedAt),
          rules,
          organization: unit.load(organizationStreamId(facts.organizationId), organizationDecider),
          survivor: unit.load(survivorStreamId(facts.survivorReference), survivorReferenceDecider),
        },
      };
    }
    case 'MoreInformationRequested':
      return { type: 'RequestMoreInformation', data: first.data };
    case 'InformationProvided':
      return { type: 'ProvideInformation', data: { ...first.data, organizationId: ownerOf(unit, group.requestId) } };
    case 'RequestVoteCast': {
      // A fund the council named stays named; the fund history took by default follows the draft's default.
      const historicalDefault = rulesFor(first.metadata.protocolVersion).rules.defaultFundId;
      const named = verdict?.type === 'FundRequestApproved' && verdict.data.fundId !== historicalDefault ? verdict.data.fundId : null;
      return { type: 'CastRequestVote', data: { ...first.data, fundId: named, now, rules } };
    }
    case 'ExpeditedApprovalRatified':
      return { type: 'RatifyExpeditedApproval', data: { memberId: first.data.ratifiedBy, organizationId: actor.organizationId } };
    case 'FundRequestWithdrawn':
      return { type: 'WithdrawFundRequest', data: { organizationId: ownerOf(unit, group.requestId) } };
    case 'FundRequestExpired':
      return { type: 'ExpireFundRequest', data: { now, rules } };
    case 'DisbursementRecorded': {
      const d = first.data;
      const historicalLimit = rulesFor(first.metadata.protocolVersion).rules.giftCardFaceValueLimitCents;
      const payment =
        d.source === 'money'
          ? {
              source: 'money' as const,
              amountCents: d.amountCents,
              paymentMethod: d.paymentMethod,
              // Payments do not record card face values; the most a card can have been is kept (see limits).
              giftCardFaceValueCents: d.paymentMethod === 'gift_card' ? Math.min(d.amountCents, historicalLimit, rules.giftCardFaceValueLimitCents) : null,
            }
          : {
              source: 'stock' as const,
              itemId: d.itemId ?? '',
              quantity: d.quantity ?? 1,
              serials: d.serials,
              stock: unit.load(stockStreamId(d.itemId ?? ''), stockDecider),
            };
      return { type: 'RecordDisbursement', data: { disbursementId: d.disbursementId, disbursedBy: d.disbursedBy, payment, now, rules } };
    }
    case 'RequestDisbursementVoided':
      return { type: 'VoidRequestDisbursement', data: { disbursementId: first.data.disbursementId } };
    case 'ReceiptRecorded':
      return { type: 'RecordReceipt', data: { ...first.data, organizationId: null } };
    case 'LostReceiptAttested':
      return { type: 'AttestLostReceipt', data: { ...first.data, organizationId: null } };
    case 'FundRequestClosed':
      return { type: 'CloseFundRequest', data: { now } };
    case 'NarrativeShredded':
      return { type: 'RecordNarrativeShredded', data: { reason: first.data.reason } };
    // A grant's close-out is the fund's decision; the request's side is re-decided as recorded.
    case 'ReservationMovedToFund':
      return { type: 'RecordGrantCloseOut', data: { action: 'move', fromFundId: first.data.fromFundId, toFundId: first.data.toFundId, amountCents: first.data.amountCents, now } };
    case 'GrantCommitmentReleased':
      return { type: 'RecordGrantCloseOut', data: { action: 'release', fromFundId: first.data.fundId, amountCents: first.data.releasedCents, now } };
    case 'FundRequestApproved':
    case 'FundRequestDenied':
      throw new Error(`${first.type} is decided with a vote, never on its own`);
  }
}

export interface ReplayOptions {
  readonly window: ReplayWindow;
  /** The draft, as the version it would be put in force as. */
  readonly draft: ProtocolInForce;
}

/**
 * Reads the log in global order, once, into two worlds: `happened` (every event folded as
 * recorded) and `draft` (every decision about a request of the window taken again, by the real
 * decider and plan, under the draft). Events before the window, and events of requests submitted
 * outside it, are folded as they happened in both. Push events with `push`, then `finish()`.
 */
export class ForesightReplay {
  private readonly rulesByVersion = new Map<string, ProtocolRules>();
  private inForce: string | undefined;
  private readonly windowRequests = new Set<string>();
  private readonly fundIds: string[] = [];
  private readonly happened = new RecordedWorld();
  private readonly draft: World;
  private pending: CommandGroup | null = null;
  private eventsRead = 0;
  private throughPosition = 0;

  constructor(private readonly options: ReplayOptions) {
    this.draft = new World(() => options.draft, (version) => this.historical(version));
  }

  private historical(version: string | undefined): ProtocolInForce {
    const v = version ?? this.inForce;
    const rules = v === undefined ? undefined : this.rulesByVersion.get(v);
    if (v === undefined || !rules) throw new Error(`A decision was recorded under protocol ${v ?? '(none)'}, which the log does not hold`);
    return { version: v, rules };
  }

  push(event: Recorded): void {
    this.eventsRead++;
    this.throughPosition = event.globalPosition;
    if (this.pending && !(event.streamId === fundRequestStreamId(this.pending.requestId) && STARTERS_ONLY_AFTER_VOTE.has(event.type))) this.flush();
    if (REQUEST_TYPES.has(event.type)) this.request(event as RequestRecorded);
    else this.other(event);
  }

  private flush(): void {
    const group = this.pending;
    this.pending = null;
    if (group) this.draft.replay(group);
  }

  private request(event: RequestRecorded): void {
    const requestId = event.type === 'FundRequestSubmitted' ? event.data.requestId : event.streamId.slice(REQUEST_PREFIX.length);
    if (event.type === 'FundRequestSubmitted') {
      const at = Date.parse(event.data.submittedAt);
      if (at >= this.options.window.from.getTime() && at < this.options.window.to.getTime()) this.windowRequests.add(requestId);
    }
    if (!this.windowRequests.has(requestId)) return;
    this.happened.request(requestId, event);
    if (STARTERS_ONLY_AFTER_VOTE.has(event.type)) {
      if (this.pending) this.pending = { ...this.pending, verdict: event };
      return;
    }
    this.pending = { requestId, first: event, verdict: null };
  }

  private other(event: Recorded): void {
    if (event.type === 'ProtocolDrafted' || event.type === 'ProtocolBootstrapped' || event.type === 'ProtocolDraftRevised') {
      const e = event as unknown as ProtocolEvent;
      const version = 'version' in e.data ? e.data.version : event.streamId.slice('protocol-'.length);
      if ('rules' in e.data) this.rulesByVersion.set(version, e.data.rules);
      return;
    }
    if (event.type === 'ProtocolPutInForce') {
      this.inForce = (event as unknown as ProtocolRegistryEvent).data.version;
      return;
    }
    if (event.type === 'FundOpened') this.fundIds.push((event as unknown as Extract<FundEvent, { type: 'FundOpened' }>).data.fundId);
    const requestId = (event.data as { requestId?: unknown }).requestId;
    const consequence = typeof requestId === 'string' && this.windowRequests.has(requestId);
    this.happened.apply(event, consequence, this.inForce === undefined ? undefined : this.rulesByVersion.get(this.inForce));
    // A window request's consequences are decided again by the plan in the draft's world.
    if (!consequence) this.draft.applyHistorical(event);
  }

  finish(): ReplayResult {
    this.flush();
    return {
      window: this.options.window,
      requests: this.windowRequests.size,
      eventsRead: this.eventsRead,
      throughPosition: this.throughPosition,
      happened: this.happened.result(this.fundIds),
      draft: this.draft.result(this.fundIds),
    };
  }
}

/**
 * A year of a statewide fund, generated straight into an event store with the real deciders
 * (fund requests, survivor references, organizations, donations, stock, protocols), so every
 * event has exactly the shape, metadata and stream the command handlers give it, and the
 * projections accept it. Only the fund streams are written by hand (their events are flat
 * `{ requestId, amountCents, ... }` records): folding a fund's whole history through
 * `fundDecider.evolve` for every step would make generation quadratic.
 *
 * Commands are simulated in time order (a queue of scheduled steps), each one a unit of work
 * appended atomically with exact expected versions, like `runUnitOfWork` does. Units that
 * share a stream are appended one after another; independent ones run concurrently.
 */
import { randomUUID } from 'node:crypto';
import { dayOf, donationDecider, donationStreamId, type DonorKind, type InKindItem } from '@fund/donations';
import {
  CodedError,
  DomainError,
  asArray,
  toEventsToAppend,
  type Actor,
  type AppendRequest,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type EventMetaOptions,
  type EventStore,
} from '@fund/event-sourcing';
import { fundRequestDecider, fundRequestStreamId, reservedCents, type FundRequestCommand, type FundRequestState, type PaymentMethod } from '@fund/fund-requests';
import type { FundEvent } from '@fund/funds';
import { isCardKind, stockDecider, stockStreamId, type StockCategory, type StockKind, type StockState } from '@fund/inventory';
import {
  COUNTIES,
  PROVIDER_TYPES,
  organizationDecider,
  organizationStreamId,
  survivorReferenceDecider,
  survivorStreamId,
  type OrganizationState,
  type SurvivorReferenceState,
} from '@fund/organizations';
import { DEMO_PROTOCOL_RULES, PROTOCOL_REGISTRY_STREAM, protocolDecider, protocolRegistryDecider, protocolStreamId } from '@fund/protocols';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const PROTOCOL = '2026-1';
const RULES = DEMO_PROTOCOL_RULES;
const META = { protocolVersion: PROTOCOL };
const CATEGORIES = ['groceries', 'lodging', 'transportation', 'phone_card', 'hygiene', 'clothing', 'winter_gear', 'relocation', 'identity_documents', 'childcare', 'medical', 'other_basic_needs'] as const;
const CATEGORY_WEIGHTS = [22, 14, 14, 8, 6, 6, 5, 5, 4, 7, 4, 5];
const AGE_BANDS = ['0_12', '13_17', '18_24', '25_59', '60_plus', 'not_collected'] as const;
const TRAFFICKING = ['sex', 'labor', 'both', 'unknown', 'not_collected'] as const;
const CITIZENSHIP = ['us_citizen', 'foreign_national', 'not_collected'] as const;
const GENDERS = ['female', 'male', 'non_binary', 'not_collected'] as const;
const QUESTIONS = ['confirm_amount', 'vendor_details', 'receipt_plan', 'eligibility', 'timing', 'other_resources'] as const;
const DENIALS = ['ineligible_need', 'over_cap', 'insufficient_information', 'duplicate_request', 'other_resources_available', 'outside_fund_purpose'] as const;
const LOST = ['lost', 'vendor_gave_none', 'unsafe_to_obtain', 'survivor_unreachable'] as const;

interface StockItemSpec {
  readonly itemId: string;
  readonly kind: StockKind;
  readonly category: StockCategory;
  readonly unitValueCents: number;
  readonly perDonation: number;
}
const STOCK_ITEMS: readonly StockItemSpec[] = [
  { itemId: 'gift-card-grocery-25', kind: 'gift_card', category: 'groceries', unitValueCents: 2_500, perDonation: 40 },
  { itemId: 'bus-pass-monthly', kind: 'bus_pass', category: 'transportation', unitValueCents: 4_000, perDonation: 30 },
  { itemId: 'phone-card-20', kind: 'phone_card', category: 'phone_card', unitValueCents: 2_000, perDonation: 30 },
  { itemId: 'winter-coat', kind: 'goods', category: 'winter_gear', unitValueCents: 6_000, perDonation: 20 },
  { itemId: 'hygiene-kit', kind: 'goods', category: 'hygiene', unitValueCents: 1_500, perDonation: 40 },
];

export interface HistoryOptions {
  readonly events: number;
  /** First day of the simulated period (UTC). Default 2025-10-01: federal FY2026 Q1. */
  readonly start?: Date;
  readonly days?: number;
  readonly agencies?: number;
  readonly seed?: number;
  /** Units of work appended at once (independent streams only). */
  readonly concurrency?: number;
  readonly onProgress?: (events: number) => void;
}

export interface HistoryStats {
  events: number;
  units: number;
  requests: number;
  refusedSteps: number;
  /** Refusals by error code (a refused command is dropped, as a 4xx would be). */
  readonly refusedByCode: Map<string, number>;
  readonly byType: Map<string, number>;
  first: string;
  last: string;
}

/** Deterministic pseudo-random numbers, so two runs with one seed make the same history. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Cached {
  version: number;
  state: unknown;
}

interface FundTracker {
  readonly fundId: string;
  readonly restricted: boolean;
  available: number;
  readonly reservations: Map<string, number>;
}

/** One command's decision over several streams, appended atomically (cf. UnitOfWork). */
class Unit {
  private readonly touched = new Map<string, { version: number; state: unknown; events: DomainEvent[]; options: EventMetaOptions }>();
  private readonly afterCommit: (() => void)[] = [];

  constructor(
    private readonly gen: HistoryGenerator,
    readonly context: CommandContext,
  ) {}

  load<S>(streamId: string, decider: Pick<Decider<S, never, DomainEvent>, 'initialState'>): S {
    const local = this.touched.get(streamId);
    if (local) return local.state as S;
    const cached = this.gen.cache.get(streamId);
    const entry = { version: cached?.version ?? 0, state: cached?.state ?? decider.initialState(), events: [], options: {} };
    this.touched.set(streamId, entry);
    return entry.state as S;
  }

  decide<S, C, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>, command: C, options: EventMetaOptions = {}): { before: S; state: S; events: readonly E[] } {
    const before = this.load(streamId, decider);
    const events = asArray(decider.decide(command, before));
    const state = events.reduce((s, e) => decider.evolve(s, e), before);
    const entry = this.touched.get(streamId)!;
    entry.state = state;
    entry.events.push(...events);
    if (events.length > 0) entry.options = options;
    return { before, state, events };
  }

  /** A fund event written by hand (see the file comment); the tracker changes only if the unit commits. */
  fund(fund: FundTracker, event: FundEvent, options: EventMetaOptions, apply: () => void): void {
    const streamId = `fund-${fund.fundId}`;
    if (!this.touched.has(streamId)) this.touched.set(streamId, { version: this.gen.cache.get(streamId)?.version ?? 0, state: fund, events: [], options });
    this.touched.get(streamId)!.events.push(event);
    this.afterCommit.push(apply);
  }

  /** Every stream the unit read or wrote: a later unit that touches one is appended after this one. */
  streams(): string[] {
    return [...this.touched.keys()];
  }

  commit(): AppendRequest[] {
    const requests: AppendRequest[] = [];
    for (const [streamId, entry] of this.touched) {
      if (entry.events.length === 0) continue;
      requests.push({
        streamId,
        expectedVersion: entry.version === 0 ? 'no_stream' : entry.version,
        events: toEventsToAppend(entry.events, this.context, streamId, entry.options),
      });
      this.gen.cache.set(streamId, { version: entry.version + entry.events.length, state: entry.state });
    }
    this.afterCommit.forEach((f) => f());
    return requests;
  }
}

interface Step {
  readonly at: number;
  readonly seq: number;
  readonly run: (now: Date) => void;
}

/** A binary min-heap of scheduled steps, by time then by the order they were scheduled. */
class Agenda {
  private readonly heap: Step[] = [];
  private seq = 0;
  get size(): number {
    return this.heap.length;
  }
  push(at: number, run: (now: Date) => void): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): Step | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: Step, b: Step): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

interface Agency {
  readonly organizationId: string;
  readonly advocates: readonly Actor[];
  references: { reference: string; uses: number }[];
}

export class HistoryGenerator {
  readonly cache = new Map<string, Cached>();
  readonly stats: HistoryStats = { events: 0, units: 0, requests: 0, refusedSteps: 0, refusedByCode: new Map(), byType: new Map(), first: '', last: '' };
  private readonly random: () => number;
  private readonly agenda = new Agenda();
  private readonly agencies: Agency[] = [];
  private readonly council: Actor[] = [];
  private readonly coordinators: Actor[] = [];
  private readonly funds: FundTracker[] = [];
  private readonly system: Actor = { userId: 'narrative-retention', role: 'system', organizationId: 'coalition' };
  private readonly start: number;
  private readonly meanGap: number;
  private stockBatch = 0;
  private stopped = false;
  private readonly writer: StreamWriter;

  constructor(
    store: EventStore,
    private readonly options: HistoryOptions,
  ) {
    this.random = mulberry32(options.seed ?? 2026);
    this.start = (options.start ?? new Date('2025-10-01T13:00:00.000Z')).getTime();
    // About 10.5 events per request once references, donations and consequences are counted.
    const expectedRequests = Math.max(10, options.events / 10.5);
    this.meanGap = ((options.days ?? 365) * DAY) / expectedRequests;
    this.writer = new StreamWriter(store, options.concurrency ?? 16);
  }

  async run(): Promise<HistoryStats> {
    this.setUp(new Date(this.start - DAY));
    this.agenda.push(this.start, (now) => this.arrival(now));
    while (!this.stopped) {
      const step = this.agenda.pop();
      if (!step) break;
      step.run(new Date(step.at));
      await this.writer.backpressure();
    }
    await this.writer.drain();
    return this.stats;
  }

  // --- helpers ---------------------------------------------------------------------------

  private pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)]!;
  }
  private weighted<T>(values: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.random() * total;
    for (let i = 0; i < values.length; i++) {
      r -= weights[i]!;
      if (r < 0) return values[i]!;
    }
    return values.at(-1)!;
  }
  private chance(p: number): boolean {
    return this.random() < p;
  }
  private between(lo: number, hi: number): number {
    return lo + this.random() * (hi - lo);
  }
  private later(now: Date, minHours: number, maxHours: number, run: (now: Date) => void): void {
    this.agenda.push(now.getTime() + this.between(minHours, maxHours) * HOUR, run);
  }
  private context(actor: Actor, now: Date): CommandContext {
    return { actor, correlationId: randomUUID(), causationId: undefined, now };
  }

  /** Runs one command; a refusal by a decider drops it (like a 4xx) and reports false. */
  private unit(actor: Actor, now: Date, work: (u: Unit) => void): boolean {
    const u = new Unit(this, this.context(actor, now));
    try {
      work(u);
    } catch (error) {
      if (error instanceof CodedError) {
        this.stats.refusedSteps++;
        this.stats.refusedByCode.set(error.code, (this.stats.refusedByCode.get(error.code) ?? 0) + 1);
        return false;
      }
      throw error;
    }
    const requests = u.commit();
    if (requests.length === 0) return true;
    this.stats.units++;
    for (const r of requests) {
      this.stats.events += r.events.length;
      for (const e of r.events) this.stats.byType.set(e.type, (this.stats.byType.get(e.type) ?? 0) + 1);
    }
    const at = now.toISOString();
    if (!this.stats.first) this.stats.first = at;
    this.stats.last = at;
    // A decision that only read a stream (a submission reads its organization's receipts and its
    // survivor reference's cap) still comes after the writes it read, in the log as in time.
    this.writer.submit(requests, u.streams());
    this.options.onProgress?.(this.stats.events);
    if (this.stats.events >= this.options.events) this.stopped = true;
    return true;
  }

  // --- set-up: protocol, funds, agencies, council, first stock -----------------------------

  private setUp(now: Date): void {
    const coalition = (userId: string): Actor => ({ userId, role: 'coordinator', organizationId: 'coalition' });
    this.coordinators.push(coalition('coord-1'), coalition('coord-2'), coalition('coord-3'));
    const coordinator = this.coordinators[0]!;
    this.unit(coordinator, now, (u) => {
      u.load(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider);
      u.decide(protocolStreamId(PROTOCOL), protocolDecider, { type: 'BootstrapProtocol', data: { version: PROTOCOL, title: 'Flexible emergency fund protocol', rules: RULES } });
      u.decide(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider, { type: 'PutProtocolInForce', data: { version: PROTOCOL, via: 'bootstrap' } });
    });
    // A coalition keeps a few funds: donations, federal and state grants, a restricted housing fund.
    for (const [fundId, name, restricted] of [
      ['general', 'General donations', false],
      ['voca-2026', 'VOCA emergency assistance grant 2026', true],
      ['state-grant-2026', 'State victim services grant 2026', true],
      ['united-way-2026', 'United Way basic needs 2026', false],
      ['housing-restricted', 'Restricted: housing and relocation', true],
      ['emergency-reserve', 'Emergency reserve', false],
    ] as const) {
      const fund: FundTracker = { fundId, restricted, available: 0, reservations: new Map() };
      this.funds.push(fund);
      this.unit(coordinator, now, (u) => u.fund(fund, { type: 'FundOpened', data: { fundId, name, restricted } }, {}, () => undefined));
      this.donate(now, fund, restricted ? 'grant' : 'organization', restricted ? 25_000_000 : 2_000_000);
    }
    const count = this.options.agencies ?? 40;
    for (let i = 0; i < count; i++) {
      const organizationId = `agency-${String(i + 1).padStart(2, '0')}`;
      const providerType = PROVIDER_TYPES[i % PROVIDER_TYPES.length]!;
      const county = COUNTIES[i % 16]!;
      this.unit(coordinator, now, (u) => u.decide(organizationStreamId(organizationId), organizationDecider, { type: 'RegisterOrganization', data: { organizationId, providerType, county } }));
      const advocates = Array.from({ length: 3 }, (_, k): Actor => ({ userId: `adv-${organizationId}-${k + 1}`, role: 'provider', organizationId }));
      this.agencies.push({ organizationId, advocates, references: [] });
      if (i % 3 === 0) this.council.push({ userId: `council-${this.council.length + 1}`, role: 'council', organizationId });
    }
    this.restock(now);
  }

  // --- money and goods in -----------------------------------------------------------------

  private donate(now: Date, fund: FundTracker, donorKind: DonorKind, amountCents: number): void {
    const donationId = randomUUID();
    this.unit(this.pick(this.coordinators), now, (u) => {
      u.decide(donationStreamId(donationId), donationDecider, {
        type: 'RecordMonetaryDonation',
        data: {
          donationId,
          fundId: fund.fundId,
          amountCents,
          restricted: fund.restricted,
          fundRestricted: fund.restricted,
          donorKind,
          donorReference: donorKind === 'anonymous' ? null : `D-${Math.floor(this.random() * 90_000) + 10_000}`,
          receivedOn: dayOf(now),
          now,
        },
      });
      u.fund(fund, { type: 'MoneyReceived', data: { donationId, amountCents } }, {}, () => (fund.available += amountCents));
    });
  }

  private restock(now: Date): void {
    const donationId = randomUUID();
    const batch = ++this.stockBatch;
    const items: InKindItem[] = STOCK_ITEMS.map((s) => ({
      itemId: s.itemId,
      kind: s.kind,
      category: s.category,
      quantity: s.perDonation,
      unitValueCents: s.unitValueCents,
      valuationMethod: isCardKind(s.kind) ? 'face_value' : 'fair_market_value',
      serials: isCardKind(s.kind) ? Array.from({ length: s.perDonation }, (_, n) => `${s.itemId.slice(0, 2).toUpperCase()}-${batch}-${String(n + 1).padStart(4, '0')}`) : null,
    }));
    this.unit(this.pick(this.coordinators), now, (u) => {
      u.decide(donationStreamId(donationId), donationDecider, {
        type: 'RecordInKindDonation',
        data: { donationId, donorKind: 'organization', donorReference: `D-${10_000 + batch}`, receivedOn: dayOf(now), now, items },
      });
      for (const item of items) {
        const { itemId, kind, category, quantity, unitValueCents, serials } = item;
        u.decide(stockStreamId(itemId), stockDecider, { type: 'ReceiveStock', data: { itemId, kind, category, quantity, unitValueCents, serials, donationId } });
      }
    });
  }

  // --- requests -----------------------------------------------------------------------------

  private arrival(now: Date): void {
    if (this.stopped) return;
    this.stats.requests++;
    const n = this.stats.requests;
    if (n % 25 === 0) this.donate(now, this.funds[0]!, this.pick(['individual', 'individual', 'organization', 'anonymous'] as const), Math.round(this.between(50, 2_500)) * 100);
    if (n % 100 === 0) this.donate(now, this.funds[1 + ((n / 100) % (this.funds.length - 1))]!, 'grant', 5_000_000);
    if (n % 300 === 0) this.restock(now);
    this.submit(now, this.pick(this.agencies));
    // Weekdays are busier than nights; an exponential gap gives bursts and lulls.
    this.agenda.push(now.getTime() + -Math.log(1 - this.random()) * this.meanGap, (t) => this.arrival(t));
  }

  private reference(now: Date, agency: Agency): string {
    const open = agency.references.filter((r) => r.uses < 4);
    if (open.length > 0 && this.chance(0.6)) {
      const r = this.pick(open);
      r.uses++;
      return r.reference;
    }
    const reference = `SR-${this.code()}-${this.code()}-${this.code()}`;
    this.unit(this.pick(agency.advocates), new Date(now.getTime() - 60_000), (u) =>
      u.decide(survivorStreamId(reference), survivorReferenceDecider, { type: 'IssueReference', data: { reference, organizationId: agency.organizationId } }),
    );
    agency.references.push({ reference, uses: 1 });
    if (agency.references.length > 200) agency.references.splice(0, 50);
    return reference;
  }

  private code(): string {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let s = '';
    for (let i = 0; i < 4; i++) s += alphabet[Math.floor(this.random() * 32)];
    return s;
  }

  private submit(now: Date, agency: Agency): void {
    const requestId = randomUUID();
    const advocate = this.pick(agency.advocates);
    const survivorReference = this.reference(now, agency);
    const category = this.weighted(CATEGORIES, CATEGORY_WEIGHTS);
    const urgency = this.weighted(['standard', 'urgent', 'emergency'] as const, [70, 22, 8]);
    const amountCents = Math.round(Math.min(RULES.capPerRequestCents, Math.exp(this.between(Math.log(2_000), Math.log(48_000)))) / 100) * 100;
    const paymentMethod: PaymentMethod = category === 'phone_card' ? 'phone_card' : category === 'transportation' && this.chance(0.5) ? 'bus_pass' : category === 'groceries' && this.chance(0.4) ? 'gift_card' : 'vendor_payment';
    const collected = this.chance(0.7);
    const demographics = {
      ageBand: collected ? this.pick(AGE_BANDS) : 'not_collected',
      county: collected && this.chance(0.8) ? this.pick(COUNTIES.slice(0, 16)) : 'not_collected',
      traffickingType: collected ? this.pick(TRAFFICKING) : 'not_collected',
      citizenship: collected ? this.pick(CITIZENSHIP) : 'not_collected',
      gender: collected ? this.pick(GENDERS) : 'not_collected',
    } as const;
    const hasNarrative = this.chance(0.4);
    const ok = this.unit(advocate, now, (u) => {
      const survivor = u.load<SurvivorReferenceState>(survivorStreamId(survivorReference), survivorReferenceDecider);
      const organization = u.load<OrganizationState>(organizationStreamId(agency.organizationId), organizationDecider);
      const command: FundRequestCommand = {
        type: 'SubmitFundRequest',
        data: {
          requestId,
          organizationId: agency.organizationId,
          submitterId: advocate.userId,
          survivorReference,
          category,
          amountCents,
          paymentMethod,
          urgency,
          neededBy: dayOf(new Date(now.getTime() + this.between(3, 30) * DAY)),
          demographics,
          hasNarrative,
          now,
          rules: RULES,
          organization,
          survivor,
        },
      };
      u.decide(fundRequestStreamId(requestId), fundRequestDecider, command, META);
    });
    if (!ok) return;
    const life: RequestLife = { requestId, agency, advocate, survivorReference, hasNarrative, voted: [], steps: 0, ended: false };
    if (this.chance(0.15)) this.later(now, 4, 40, (t) => this.askQuestion(t, life));
    else this.later(now, 6, 72, (t) => this.decide(t, life));
  }

  private requestState(requestId: string): FundRequestState {
    return (this.cache.get(fundRequestStreamId(requestId))?.state as FundRequestState | undefined) ?? { status: 'none' };
  }

  private onRequest(u: Unit, life: RequestLife, command: FundRequestCommand) {
    return u.decide(fundRequestStreamId(life.requestId), fundRequestDecider, command, META);
  }

  private voterFor(life: RequestLife): Actor {
    const eligible = this.council.filter((c) => c.organizationId !== life.agency.organizationId && !life.voted.includes(c.userId));
    return this.pick(eligible);
  }

  private askQuestion(now: Date, life: RequestLife): void {
    const member = this.voterFor(life);
    const asked = this.unit(member, now, (u) => this.onRequest(u, life, { type: 'RequestMoreInformation', data: { askedBy: member.userId, questionCode: this.pick(QUESTIONS) } }));
    if (!asked) return;
    if (this.chance(0.1)) {
      this.later(now, 24, 96, (t) => this.withdraw(t, life));
      return;
    }
    this.later(now, 6, 48, (t) => {
      const answered = this.unit(life.advocate, t, (u) =>
        this.onRequest(u, life, { type: 'ProvideInformation', data: { providedBy: life.advocate.userId, organizationId: life.agency.organizationId, hasNote: this.chance(0.7) } }),
      );
      if (answered) this.later(t, 6, 72, (t2) => this.decide(t2, life));
    });
  }

  /** The council's decision: expiry, withdrawal, denial or approval (one or two votes). */
  private decide(now: Date, life: RequestLife): void {
    const state = this.requestState(life.requestId);
    if (state.status !== 'submitted') return;
    const roll = this.random();
    if (roll < 0.03) {
      this.agenda.push(Date.parse(state.facts.submittedAt) + (RULES.requestExpiryDays + 0.5) * DAY, (t) => {
        if (this.unit(this.pick(this.coordinators), t, (u) => this.onRequest(u, life, { type: 'ExpireFundRequest', data: { now: t, rules: RULES } }))) this.ended(t, life);
      });
      return;
    }
    if (roll < 0.09) {
      this.withdraw(now, life);
      return;
    }
    if (roll < 0.19) {
      this.vote(now, life, 'deny');
      return;
    }
    this.vote(now, life, 'approve');
  }

  private vote(now: Date, life: RequestLife, vote: 'approve' | 'deny'): void {
    if (this.chance(0.04)) {
      // A member with a conflict of interest recuses before the others vote.
      const recusing = this.voterFor(life);
      if (this.unit(recusing, new Date(now.getTime() - 3_600_000), (u) =>
        this.onRequest(u, life, { type: 'CastRequestVote', data: { memberId: recusing.userId, organizationId: recusing.organizationId, vote: 'recuse', amountCents: null, reasonCode: null, fundId: null, now, rules: RULES } }),
      )) life.voted.push(recusing.userId);
    }
    const member = this.voterFor(life);
    const fund = this.weighted(this.funds, [30, 20, 15, 15, 10, 10]);
    const before = this.requestState(life.requestId);
    if (before.status !== 'submitted') return;
    const approveCents = this.chance(0.85) ? before.facts.amountCents : Math.round((before.facts.amountCents * this.between(0.6, 0.95)) / 100) * 100;
    if (vote === 'approve' && fund.available < before.facts.amountCents + 1_000_000) this.donate(new Date(now.getTime() - 60_000), fund, 'grant', 20_000_000);
    const ok = this.unit(member, now, (u) => {
      const { events } = this.onRequest(u, life, {
        type: 'CastRequestVote',
        data: {
          memberId: member.userId,
          organizationId: member.organizationId,
          vote,
          amountCents: vote === 'approve' ? approveCents : null,
          reasonCode: vote === 'deny' ? this.pick(DENIALS) : null,
          fundId: fund.fundId,
          now,
          rules: RULES,
        },
      });
      const approved = events.find((e) => e.type === 'FundRequestApproved');
      if (approved?.type !== 'FundRequestApproved') return;
      const amountCents = approved.data.amountCents;
      const target = this.funds.find((f) => f.fundId === approved.data.fundId)!;
      if (amountCents > target.available) throw new DomainError('FUND.INSUFFICIENT_FUNDS', 'not enough money available');
      u.fund(target, { type: 'MoneyReserved', data: { requestId: life.requestId, amountCents } }, META, () => {
        target.available -= amountCents;
        target.reservations.set(life.requestId, amountCents);
      });
      u.decide(survivorStreamId(life.survivorReference), survivorReferenceDecider, {
        type: 'CommitSupport',
        data: { requestId: life.requestId, amountCents, now, capPer12MonthsCents: RULES.capPerSurvivorPer12MonthsCents },
      });
    });
    if (!ok) {
      // Over the survivor's cap or the fund's balance: the council denies instead.
      if (vote === 'approve') this.later(now, 1, 24, (t) => this.vote(t, life, 'deny'));
      return;
    }
    life.voted.push(member.userId);
    const after = this.requestState(life.requestId);
    if (after.status === 'submitted') this.later(now, 2, 48, (t) => this.vote(t, life, vote));
    else if (after.status === 'denied') this.ended(now, life);
    else if (after.status === 'approved') this.approved(now, life, after);
  }

  private approved(now: Date, life: RequestLife, state: FundRequestState): void {
    if ('approval' in state && state.approval?.expedited) {
      life.steps++;
      this.later(now, 24, 10 * 24, (t) => {
        const member = this.voterFor(life);
        this.unit(member, t, (u) => this.onRequest(u, life, { type: 'RatifyExpeditedApproval', data: { memberId: member.userId, organizationId: member.organizationId } }));
        life.steps--;
        if (life.ended) this.forget(life);
      });
    }
    const roll = this.random();
    if (roll < 0.05) this.later(now, 24, 7 * 24, (t) => this.withdraw(t, life));
    else if (roll < 0.13) return; // approved, not paid yet
    else this.later(now, 4, 5 * 24, (t) => this.pay(t, life));
  }

  private fundOf(state: FundRequestState): FundTracker | undefined {
    return 'approval' in state && state.approval ? this.funds.find((f) => f.fundId === state.approval!.fundId) : undefined;
  }

  private pay(now: Date, life: RequestLife): void {
    const state = this.requestState(life.requestId);
    if (state.status !== 'approved' && state.status !== 'disbursed') return;
    const fund = this.fundOf(state)!;
    const remaining = reservedCents(state);
    if (remaining <= 0) return;
    const coordinator = this.pick(this.coordinators);
    const item = STOCK_ITEMS.find((s) => s.category === state.facts.category && s.unitValueCents <= remaining);
    const stock = item ? (this.cache.get(stockStreamId(item.itemId))?.state as StockState | undefined) : undefined;
    if (item && stock?.status === 'tracked' && stock.onHand > 0 && this.chance(0.35)) {
      const quantity = Math.max(1, Math.min(stock.onHand, Math.floor(remaining / item.unitValueCents), 4));
      const serials = isCardKind(item.kind) ? stock.availableSerials.slice(0, quantity) : null;
      const disbursementId = randomUUID();
      const ok = this.unit(coordinator, now, (u) => {
        const { events } = this.onRequest(u, life, {
          type: 'RecordDisbursement',
          data: { disbursementId, disbursedBy: coordinator.userId, payment: { source: 'stock', itemId: item.itemId, quantity, serials, stock }, now, rules: RULES },
        });
        const d = events.find((e) => e.type === 'DisbursementRecorded');
        if (d?.type !== 'DisbursementRecorded') return;
        u.decide(stockStreamId(item.itemId), stockDecider, { type: 'IssueStock', data: { quantity, serials, requestId: life.requestId, disbursementId } }, META);
        const amountCents = d.data.amountCents;
        u.fund(fund, { type: 'ReservationReleased', data: { requestId: life.requestId, amountCents, reason: 'covered_by_stock' } }, META, () => {
          fund.available += amountCents;
          fund.reservations.set(life.requestId, (fund.reservations.get(life.requestId) ?? 0) - amountCents);
        });
      });
      if (ok && remaining - item.unitValueCents * quantity > 0 && this.chance(0.5)) this.later(now, 2, 72, (t) => this.pay(t, life));
      else if (ok) this.later(now, 24, 5 * 24, (t) => this.close(t, life));
      if (this.stockBatch > 0 && stock.onHand - quantity < 10 && this.chance(0.2)) this.restock(now);
      return;
    }
    const amountCents = this.chance(0.8) ? remaining : Math.max(100, Math.round((remaining * this.between(0.7, 0.97)) / 100) * 100);
    const disbursementId = randomUUID();
    const method: PaymentMethod = state.facts.paymentMethod === 'donated_goods' ? 'vendor_payment' : state.facts.paymentMethod;
    const ok = this.unit(coordinator, now, (u) => {
      const { events } = this.onRequest(u, life, {
        type: 'RecordDisbursement',
        data: {
          disbursementId,
          disbursedBy: coordinator.userId,
          payment: {
            source: 'money',
            amountCents,
            paymentMethod: method,
            giftCardFaceValueCents: method === 'gift_card' ? Math.min(amountCents, RULES.giftCardFaceValueLimitCents) : null,
          },
          now,
          rules: RULES,
        },
      });
      const d = events.find((e) => e.type === 'DisbursementRecorded');
      if (d?.type !== 'DisbursementRecorded') return;
      u.fund(fund, { type: 'MoneyDisbursed', data: { requestId: life.requestId, disbursementId, amountCents } }, META, () => {
        fund.reservations.set(life.requestId, (fund.reservations.get(life.requestId) ?? 0) - amountCents);
      });
      if (d.data.receiptDueOn) {
        u.decide(organizationStreamId(life.agency.organizationId), organizationDecider, { type: 'RecordReceiptDue', data: { requestId: life.requestId, disbursementId, dueOn: d.data.receiptDueOn } });
      }
    });
    if (!ok) return;
    if (this.chance(0.03)) {
      this.later(now, 2, 72, (t) => this.voidPayment(t, life, disbursementId, amountCents));
      return;
    }
    // Receipts come in well before the 14-day deadline, so no agency is ever blocked.
    this.later(now, 24, 11 * 24, (t) => this.settle(t, life, disbursementId, amountCents));
  }

  private voidPayment(now: Date, life: RequestLife, disbursementId: string, amountCents: number): void {
    const state = this.requestState(life.requestId);
    const fund = this.fundOf(state);
    if (!fund) return;
    const ok = this.unit(this.pick(this.coordinators), now, (u) => {
      this.onRequest(u, life, { type: 'VoidRequestDisbursement', data: { disbursementId } });
      u.fund(fund, { type: 'DisbursementVoided', data: { requestId: life.requestId, disbursementId, amountCents } }, META, () => {
        fund.reservations.set(life.requestId, (fund.reservations.get(life.requestId) ?? 0) + amountCents);
      });
      u.decide(organizationStreamId(life.agency.organizationId), organizationDecider, { type: 'SettleReceipt', data: { requestId: life.requestId, disbursementId } });
    });
    if (ok) this.later(now, 2, 72, (t) => this.pay(t, life));
  }

  private settle(now: Date, life: RequestLife, disbursementId: string, amountCents: number): void {
    const lost = this.chance(0.06);
    const actor = lost && this.chance(0.5) ? this.pick(this.coordinators) : life.advocate;
    const ok = this.unit(actor, now, (u) => {
      const organizationId = actor.role === 'provider' ? actor.organizationId : null;
      this.onRequest(
        u,
        life,
        lost
          ? { type: 'AttestLostReceipt', data: { disbursementId, reasonCode: this.pick(LOST), attestedBy: actor.userId, organizationId } }
          : { type: 'RecordReceipt', data: { disbursementId, receiptId: randomUUID(), amountCents, organizationId } },
      );
      u.decide(organizationStreamId(life.agency.organizationId), organizationDecider, { type: 'SettleReceipt', data: { requestId: life.requestId, disbursementId } });
    });
    if (ok && this.chance(0.9)) this.later(now, 12, 6 * 24, (t) => this.close(t, life));
  }

  private close(now: Date, life: RequestLife): void {
    const ok = this.unit(this.pick(this.coordinators), now, (u) => {
      const { before, events } = this.onRequest(u, life, { type: 'CloseFundRequest', data: { now } });
      const closed = events.find((e) => e.type === 'FundRequestClosed');
      if (closed?.type === 'FundRequestClosed') this.release(u, before, life, closed.data.releasedCents, 'underspent');
    });
    if (ok) this.ended(now, life);
  }

  private withdraw(now: Date, life: RequestLife): void {
    const ok = this.unit(life.advocate, now, (u) => {
      const { before, events } = this.onRequest(u, life, { type: 'WithdrawFundRequest', data: { organizationId: life.agency.organizationId } });
      const withdrawn = events.find((e) => e.type === 'FundRequestWithdrawn');
      if (withdrawn?.type === 'FundRequestWithdrawn') this.release(u, before, life, withdrawn.data.releasedCents, 'withdrawn');
    });
    if (ok) this.ended(now, life);
  }

  /** The release in `fundRequestPlan`: unspent money back to the fund, the survivor's cap freed. */
  private release(u: Unit, before: FundRequestState, life: RequestLife, releasedCents: number, reason: 'underspent' | 'withdrawn'): void {
    const fund = this.fundOf(before);
    if (releasedCents <= 0 || !fund) return;
    u.fund(fund, { type: 'ReservationReleased', data: { requestId: life.requestId, amountCents: releasedCents, reason } }, META, () => {
      fund.available += releasedCents;
      fund.reservations.delete(life.requestId);
    });
    u.decide(survivorStreamId(life.survivorReference), survivorReferenceDecider, { type: 'ReleaseSupport', data: { requestId: life.requestId, amountCents: releasedCents } });
  }

  /** An ended request with a narrative has it shredded after the retention period; then it is forgotten. */
  private ended(now: Date, life: RequestLife): void {
    if (!life.hasNarrative) {
      this.forget(life);
      return;
    }
    this.agenda.push(now.getTime() + (RULES.narrativeRetentionDays + 0.2) * DAY, (t) => {
      this.unit(this.system, t, (u) => this.onRequest(u, life, { type: 'RecordNarrativeShredded', data: { reason: 'retention' } }));
      this.forget(life);
    });
  }

  private forget(life: RequestLife): void {
    life.ended = true;
    // A ratification still to come needs the request's state; it forgets the request itself.
    if (life.steps > 0) return;
    this.cache.delete(fundRequestStreamId(life.requestId));
    for (const f of this.funds) f.reservations.delete(life.requestId);
  }
}

interface RequestLife {
  readonly requestId: string;
  readonly agency: Agency;
  readonly advocate: Actor;
  readonly survivorReference: string;
  readonly hasNarrative: boolean;
  /** Council members who already voted (or recused) on it. */
  readonly voted: string[];
  /** Scheduled steps that must still find the request's state (ratification). */
  steps: number;
  ended: boolean;
}

/**
 * Appends units as the generator makes them: a unit waits for every earlier unit that touches
 * one of its streams (so versions and causal order hold), independent units run concurrently.
 */
class StreamWriter {
  private readonly tails = new Map<string, Promise<void>>();
  private inFlight = 0;
  private failure: unknown;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly concurrency: number,
  ) {}

  submit(requests: AppendRequest[], streams: readonly string[] = requests.map((r) => r.streamId)): void {
    const deps = streams.map((id) => this.tails.get(id)).filter((p): p is Promise<void> => p !== undefined);
    this.inFlight++;
    const done = (async () => {
      await Promise.all(deps);
      await this.slot();
      try {
        await this.store.appendMany(requests);
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.release();
      }
    })();
    const tail = done.then(() => undefined);
    for (const id of streams) this.tails.set(id, tail);
    void tail.then(() => {
      this.inFlight--;
      for (const id of streams) if (this.tails.get(id) === tail) this.tails.delete(id);
    });
  }

  private running = 0;
  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => (this.running++, resolve())));
  }
  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  /** Keeps the generator at most a few thousand units ahead of the database. */
  async backpressure(): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.inFlight > 4 * this.concurrency + 2_000) await new Promise((r) => setTimeout(r, 5));
  }

  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    if (this.failure) throw this.failure;
  }
}

export async function generateHistory(store: EventStore, options: HistoryOptions): Promise<HistoryStats> {
  return new HistoryGenerator(store, options).run();
}

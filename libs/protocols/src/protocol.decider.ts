import { DomainError, type Decider } from '@fund/event-sourcing';
import type { ForesightSeen, ProtocolEvent, ProtocolVoteCast, ProtocolVoteChoice, VoteTally } from './protocol.events';
import { validateRules, type ProtocolRules } from './protocol-rules';
import { assertProtocolVersion } from './protocol-streams';

export type DraftProtocol = { readonly type: 'DraftProtocol'; readonly data: ProtocolContent };
export type ReviseDraft = { readonly type: 'ReviseDraft'; readonly data: { readonly rules: ProtocolRules } };
/** `quorum` is the `protocolQuorum` of the version in force: the old rules say how the new ones are adopted. */
export type ProposeProtocol = { readonly type: 'ProposeProtocol'; readonly data: { readonly quorum: number } };
export type CastProtocolVote = {
  readonly type: 'CastProtocolVote';
  readonly data: { readonly memberId: string; readonly organizationId: string; readonly vote: ProtocolVoteChoice; readonly foresight?: ForesightSeen | null };
};
export type BootstrapProtocol = { readonly type: 'BootstrapProtocol'; readonly data: ProtocolContent };
export type SupersedeProtocol = { readonly type: 'SupersedeProtocol'; readonly data: { readonly supersededBy: string } };

export type ProtocolCommand = DraftProtocol | ReviseDraft | ProposeProtocol | CastProtocolVote | BootstrapProtocol | SupersedeProtocol;

export type ProtocolVote = ProtocolVoteCast['data'];

interface ProtocolContent {
  readonly version: string;
  readonly title: string;
  readonly rules: ProtocolRules;
}

export interface ProtocolVoting {
  readonly quorum: number;
  readonly votes: readonly ProtocolVote[];
}

/** `voting` is null on a bootstrapped version: it was adopted without a vote. */
export type ProtocolState =
  | { readonly status: 'none' }
  | (ProtocolContent & { readonly status: 'draft' })
  | (ProtocolContent & { readonly status: 'proposed'; readonly voting: ProtocolVoting })
  | (ProtocolContent & { readonly status: 'rejected'; readonly voting: ProtocolVoting })
  | (ProtocolContent & { readonly status: 'adopted'; readonly voting: ProtocolVoting | null })
  | (ProtocolContent & { readonly status: 'superseded'; readonly voting: ProtocolVoting | null; readonly supersededBy: string });

export type ProtocolStatus = ProtocolState['status'];

export const PROTOCOL_TITLE_MAX_LENGTH = 120;

export function tallyVotes(votes: readonly ProtocolVote[]): VoteTally {
  return {
    approvals: votes.filter((v) => v.vote === 'approve').length,
    rejections: votes.filter((v) => v.vote === 'reject').length,
    recusals: votes.filter((v) => v.vote === 'recuse').length,
  };
}

function content(state: ProtocolContent): ProtocolContent {
  return { version: state.version, title: state.title, rules: state.rules };
}

export function protocolNotFound(): DomainError {
  return new DomainError('PROTOCOL.NOT_FOUND', 'There is no protocol with this version', {}, 'not_found');
}

function assertNew(state: ProtocolState): void {
  if (state.status !== 'none') {
    throw new DomainError('PROTOCOL.ALREADY_EXISTS', 'A protocol with this version already exists', { status: state.status }, 'conflict');
  }
}

function assertValidContent(command: { version: string; title: string; rules: ProtocolRules }): void {
  assertProtocolVersion(command.version);
  const title = command.title.trim();
  // The title becomes a document heading: one line, no control characters.
  if (title.length === 0 || title.length > PROTOCOL_TITLE_MAX_LENGTH || title !== command.title || /\p{Cc}/u.test(title)) {
    throw new DomainError('PROTOCOL.INVALID_TITLE', `A title is one line of 1 to ${PROTOCOL_TITLE_MAX_LENGTH} characters`, { field: 'title' }, 'validation');
  }
  assertValidRules(command.rules);
}

function assertValidRules(rules: ProtocolRules): void {
  const problems = validateRules(rules);
  if (problems.length > 0) {
    throw new DomainError(
      'PROTOCOL.INVALID_RULES',
      `These rules cannot be used: ${problems.length} problem(s), first at rules.${problems[0]!.field}`,
      { problems: problems.map((p) => ({ field: `rules.${p.field}`, rule: p.rule })) },
      'validation',
    );
  }
}

function draft({ data: command }: DraftProtocol, state: ProtocolState): ProtocolEvent[] {
  assertNew(state);
  assertValidContent(command);
  return [{ type: 'ProtocolDrafted', data: { version: command.version, title: command.title, rules: command.rules } }];
}

function bootstrap({ data: command }: BootstrapProtocol, state: ProtocolState): ProtocolEvent[] {
  assertNew(state);
  assertValidContent(command);
  return [{ type: 'ProtocolBootstrapped', data: { version: command.version, title: command.title, rules: command.rules } }];
}

function assertDraft(state: ProtocolState): asserts state is Extract<ProtocolState, { status: 'draft' }> {
  if (state.status === 'none') throw protocolNotFound();
  if (state.status !== 'draft') {
    throw new DomainError('PROTOCOL.NOT_DRAFT', 'Only a draft can be revised or proposed', { status: state.status });
  }
}

function revise({ data: command }: ReviseDraft, state: ProtocolState): ProtocolEvent[] {
  assertDraft(state);
  assertValidRules(command.rules);
  return [{ type: 'ProtocolDraftRevised', data: { rules: command.rules } }];
}

function propose({ data: command }: ProposeProtocol, state: ProtocolState): ProtocolEvent[] {
  assertDraft(state);
  if (!Number.isInteger(command.quorum) || command.quorum < 1) {
    throw new DomainError('PROTOCOL.INVALID_QUORUM', 'The protocol in force must ask for at least one approval', { quorum: command.quorum }, 'validation');
  }
  return [{ type: 'ProtocolProposed', data: { quorum: command.quorum } }];
}

function castVote({ data: command }: CastProtocolVote, state: ProtocolState): ProtocolEvent[] {
  if (state.status === 'none') throw protocolNotFound();
  if (state.status !== 'proposed') {
    throw new DomainError('PROTOCOL.NOT_PROPOSED', 'Votes are taken only while a protocol is proposed', { status: state.status });
  }
  const earlier = state.voting.votes.find((v) => v.memberId === command.memberId);
  if (earlier) {
    throw new DomainError('PROTOCOL.ALREADY_VOTED', 'Each council member votes once on a protocol', { vote: earlier.vote });
  }
  const vote: ProtocolVote = {
    memberId: command.memberId,
    organizationId: command.organizationId,
    vote: command.vote,
    ...(command.foresight ? { foresight: { window: { from: command.foresight.window.from, to: command.foresight.window.to }, inputsHash: command.foresight.inputsHash } } : {}),
  };
  const tally = tallyVotes([...state.voting.votes, vote]);
  const cast: ProtocolEvent = { type: 'ProtocolVoteCast', data: vote };
  // Recusals are on the record but count neither way.
  if (tally.approvals >= state.voting.quorum) return [cast, { type: 'ProtocolAdopted', data: tally }];
  if (tally.rejections >= state.voting.quorum) return [cast, { type: 'ProtocolRejected', data: tally }];
  return [cast];
}

function supersede({ data: command }: SupersedeProtocol, state: ProtocolState): ProtocolEvent[] {
  if (state.status === 'none') throw protocolNotFound();
  if (state.status !== 'adopted') {
    throw new DomainError('PROTOCOL.NOT_ADOPTED', 'Only the adopted version in force can be superseded', { status: state.status });
  }
  if (command.supersededBy === state.version) {
    throw new DomainError('PROTOCOL.ALREADY_IN_FORCE', 'A version cannot supersede itself', { version: state.version });
  }
  return [{ type: 'ProtocolSuperseded', data: { supersededBy: command.supersededBy } }];
}

function evolve(state: ProtocolState, event: ProtocolEvent): ProtocolState {
  switch (event.type) {
    case 'ProtocolDrafted':
      return { status: 'draft', ...content(event.data) };
    case 'ProtocolBootstrapped':
      return { status: 'adopted', ...content(event.data), voting: null };
    case 'ProtocolDraftRevised':
      return state.status === 'draft' ? { ...state, rules: event.data.rules } : state;
    case 'ProtocolProposed':
      return state.status === 'draft' ? { status: 'proposed', ...content(state), voting: { quorum: event.data.quorum, votes: [] } } : state;
    case 'ProtocolVoteCast':
      return state.status === 'proposed' ? { ...state, voting: { ...state.voting, votes: [...state.voting.votes, event.data] } } : state;
    case 'ProtocolAdopted':
      return state.status === 'proposed' ? { status: 'adopted', ...content(state), voting: state.voting } : state;
    case 'ProtocolRejected':
      return state.status === 'proposed' ? { status: 'rejected', ...content(state), voting: state.voting } : state;
    case 'ProtocolSuperseded':
      return state.status === 'adopted'
        ? { status: 'superseded', ...content(state), voting: state.voting, supersededBy: event.data.supersededBy }
        : state;
  }
}

function decide(command: ProtocolCommand, state: ProtocolState): ProtocolEvent[] {
  switch (command.type) {
    case 'DraftProtocol':
      return draft(command, state);
    case 'ReviseDraft':
      return revise(command, state);
    case 'ProposeProtocol':
      return propose(command, state);
    case 'CastProtocolVote':
      return castVote(command, state);
    case 'BootstrapProtocol':
      return bootstrap(command, state);
    case 'SupersedeProtocol':
      return supersede(command, state);
  }
}

/** One protocol version, stream `protocol-<version>`. */
export const protocolDecider: Decider<ProtocolState, ProtocolCommand, ProtocolEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide,
};

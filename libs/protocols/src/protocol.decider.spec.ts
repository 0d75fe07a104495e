import { deciderSpec } from '@fund/event-sourcing/testing';
import { protocolDecider, type ProtocolCommand } from './protocol.decider';
import { protocolRegistryDecider } from './protocol-registry.decider';
import type { ProtocolEvent, ProtocolRegistryEvent } from './protocol.events';
import { DEMO_PROTOCOL_RULES, type ProtocolRules } from './protocol-rules';

const spec = deciderSpec(protocolDecider);
const rules = DEMO_PROTOCOL_RULES;
const tighter: ProtocolRules = { ...rules, capPerRequestCents: 40_000 };

const drafted: ProtocolEvent = { type: 'ProtocolDrafted', data: { version: '2026-2', title: 'Protocol 2026, second edition', rules } };
const proposed: ProtocolEvent = { type: 'ProtocolProposed', data: { quorum: 3 } };
const vote = (memberId: string, choice: 'approve' | 'reject' | 'recuse', organizationId = `org-${memberId}`): ProtocolEvent => ({
  type: 'ProtocolVoteCast',
  data: { memberId, organizationId, vote: choice },
});
const castVote = (memberId: string, choice: 'approve' | 'reject' | 'recuse'): ProtocolCommand => ({
  type: 'CastProtocolVote',
  data: { memberId, organizationId: `org-${memberId}`, vote: choice },
});
const bootstrapped: ProtocolEvent = { type: 'ProtocolBootstrapped', data: { version: '2026-1', title: 'First protocol', rules } };
const adopted: ProtocolEvent = { type: 'ProtocolAdopted', data: { approvals: 3, rejections: 0, recusals: 0 } };
const rejected: ProtocolEvent = { type: 'ProtocolRejected', data: { approvals: 0, rejections: 3, recusals: 0 } };
const superseded: ProtocolEvent = { type: 'ProtocolSuperseded', data: { supersededBy: '2026-3' } };

describe('protocol decider', () => {
  describe('DraftProtocol', () => {
    it('drafts a new version with valid rules', () => {
      spec.given([]).when({ type: 'DraftProtocol', data: { version: '2026-2', title: 'Protocol 2026, second edition', rules } }).then(drafted);
    });

    it('refuses a version that already exists', () => {
      const error = spec.given([drafted]).when({ type: 'DraftProtocol', data: { version: '2026-2', title: 'Again', rules } }).thenThrows('PROTOCOL.ALREADY_EXISTS', { status: 'draft' });
      expect(error.kind).toBe('conflict');
    });

    it('refuses rules that break a rule, naming each field', () => {
      const broken: ProtocolRules = {
        ...rules,
        capPerSurvivorPer12MonthsCents: 10_000,
        approvalTiers: [
          { upToCents: 30_000, approvalsRequired: 1 },
          { upToCents: 20_000, approvalsRequired: 2 },
          { upToCents: null, approvalsRequired: 2 },
        ],
      };
      const error = spec.given([]).when({ type: 'DraftProtocol', data: { version: '2026-2', title: 'Broken', rules: broken } }).thenThrows('PROTOCOL.INVALID_RULES');
      expect(error.kind).toBe('validation');
      expect(error.details.problems).toEqual([
        { field: 'rules.capPerSurvivorPer12MonthsCents', rule: 'atLeastCapPerRequest' },
        { field: 'rules.approvalTiers.1.upToCents', rule: 'ascending' },
      ]);
    });

    it.each(['registry', 'current', 'bootstrap', 'Has-Caps', 'a', '-leading-dash'])('refuses the version name %p', (version) => {
      spec.given([]).when({ type: 'DraftProtocol', data: { version, title: 'Title', rules } }).thenThrows('PROTOCOL.INVALID_VERSION');
    });

    it.each(['', '   ', ' padded', 'two\nlines', 'x'.repeat(121)])('refuses the title %p', (title) => {
      spec.given([]).when({ type: 'DraftProtocol', data: { version: '2026-2', title, rules } }).thenThrows('PROTOCOL.INVALID_TITLE');
    });
  });

  describe('ReviseDraft', () => {
    it('replaces the rules of a draft', () => {
      const revised: ProtocolEvent = { type: 'ProtocolDraftRevised', data: { rules: tighter } };
      spec.given([drafted]).when({ type: 'ReviseDraft', data: { rules: tighter } }).then(revised);
      expect(spec.given([drafted, revised]).state).toMatchObject({ status: 'draft', rules: tighter });
    });

    it('refuses a version that does not exist', () => {
      expect(spec.given([]).when({ type: 'ReviseDraft', data: { rules } }).thenThrows('PROTOCOL.NOT_FOUND').kind).toBe('not_found');
    });

    it('refuses once the draft is proposed', () => {
      spec.given([drafted, proposed]).when({ type: 'ReviseDraft', data: { rules: tighter } }).thenThrows('PROTOCOL.NOT_DRAFT', { status: 'proposed' });
    });

    it('refuses invalid rules', () => {
      spec.given([drafted]).when({ type: 'ReviseDraft', data: { rules: { ...rules, eligibleCategories: [] } } }).thenThrows('PROTOCOL.INVALID_RULES', {
        problems: [{ field: 'rules.eligibleCategories', rule: 'notEmpty' }],
      });
    });
  });

  describe('ProposeProtocol', () => {
    it('proposes a draft with the quorum of the version in force', () => {
      spec.given([drafted]).when({ type: 'ProposeProtocol', data: { quorum: 3 } }).then(proposed);
    });

    it('refuses a version that does not exist', () => {
      spec.given([]).when({ type: 'ProposeProtocol', data: { quorum: 3 } }).thenThrows('PROTOCOL.NOT_FOUND');
    });

    it('refuses what is not a draft', () => {
      spec.given([drafted, proposed]).when({ type: 'ProposeProtocol', data: { quorum: 3 } }).thenThrows('PROTOCOL.NOT_DRAFT', { status: 'proposed' });
      spec.given([bootstrapped]).when({ type: 'ProposeProtocol', data: { quorum: 3 } }).thenThrows('PROTOCOL.NOT_DRAFT', { status: 'adopted' });
    });

    it('refuses a quorum that would adopt without approvals', () => {
      spec.given([drafted]).when({ type: 'ProposeProtocol', data: { quorum: 0 } }).thenThrows('PROTOCOL.INVALID_QUORUM');
    });
  });

  describe('CastProtocolVote', () => {
    it('records the replay the member saw with the vote, and nothing when they saw none', () => {
      const foresight = { window: { from: '2025-12-07', to: '2026-12-06' }, inputsHash: 'a'.repeat(64) };
      spec
        .given([drafted, proposed])
        .when({ type: 'CastProtocolVote', data: { memberId: 'c1', organizationId: 'org-c1', vote: 'approve', foresight } })
        .then({ type: 'ProtocolVoteCast', data: { memberId: 'c1', organizationId: 'org-c1', vote: 'approve', foresight } });
      const [event] = spec.given([drafted, proposed]).when({ type: 'CastProtocolVote', data: { memberId: 'c1', organizationId: 'org-c1', vote: 'approve', foresight: null } }).thenEvents();
      expect(event!.data).not.toHaveProperty('foresight');
    });

    it('records a vote below quorum', () => {
      spec.given([drafted, proposed]).when(castVote('c1', 'approve')).then(vote('c1', 'approve'));
    });

    it('adopts with the vote that reaches quorum, with the tally', () => {
      spec
        .given([drafted, proposed, vote('c1', 'approve'), vote('c2', 'approve')])
        .when(castVote('c3', 'approve'))
        .then([vote('c3', 'approve'), { type: 'ProtocolAdopted', data: { approvals: 3, rejections: 0, recusals: 0 } }]);
    });

    it('does not count recusals toward quorum', () => {
      const given = spec.given([drafted, proposed, vote('c1', 'approve'), vote('c2', 'recuse')]);
      given.when(castVote('c3', 'recuse')).then(vote('c3', 'recuse'));
      spec
        .given([drafted, proposed, vote('c1', 'approve'), vote('c2', 'recuse'), vote('c3', 'approve')])
        .when(castVote('c4', 'approve'))
        .then([vote('c4', 'approve'), { type: 'ProtocolAdopted', data: { approvals: 3, rejections: 0, recusals: 1 } }]);
    });

    it('rejects when rejections reach quorum', () => {
      spec
        .given([drafted, proposed, vote('c1', 'reject'), vote('c2', 'approve'), vote('c3', 'reject')])
        .when(castVote('c4', 'reject'))
        .then([vote('c4', 'reject'), { type: 'ProtocolRejected', data: { approvals: 1, rejections: 3, recusals: 0 } }]);
    });

    it('takes one vote per member, recusal included', () => {
      spec.given([drafted, proposed, vote('c1', 'recuse')]).when(castVote('c1', 'approve')).thenThrows('PROTOCOL.ALREADY_VOTED', { vote: 'recuse' });
    });

    it('counts members, not organizations: two members of one organization both vote', () => {
      spec.given([drafted, proposed, vote('c1', 'approve', 'org-a')]).when({ type: 'CastProtocolVote', data: { memberId: 'c2', organizationId: 'org-a', vote: 'approve' } }).then({
        type: 'ProtocolVoteCast',
        data: { memberId: 'c2', organizationId: 'org-a', vote: 'approve' },
      });
    });

    it('refuses a vote on a version that does not exist', () => {
      spec.given([]).when(castVote('c1', 'approve')).thenThrows('PROTOCOL.NOT_FOUND');
    });

    it.each([
      ['a draft', [drafted]],
      ['an adopted version', [drafted, proposed, vote('c1', 'approve'), vote('c2', 'approve'), vote('c3', 'approve'), adopted]],
      ['a rejected version', [drafted, proposed, vote('c1', 'reject'), vote('c2', 'reject'), vote('c3', 'reject'), rejected]],
      ['a bootstrapped version', [bootstrapped]],
    ])('refuses a vote on %s', (_label, given) => {
      spec.given(given).when(castVote('c9', 'approve')).thenThrows('PROTOCOL.NOT_PROPOSED');
    });
  });

  describe('BootstrapProtocol', () => {
    it('adopts the first version without a vote', () => {
      spec.given([]).when({ type: 'BootstrapProtocol', data: { version: '2026-1', title: 'First protocol', rules } }).then(bootstrapped);
      expect(spec.given([bootstrapped]).state).toMatchObject({ status: 'adopted', voting: null });
    });

    it('refuses a version that already exists', () => {
      spec.given([drafted]).when({ type: 'BootstrapProtocol', data: { version: '2026-2', title: 'First', rules } }).thenThrows('PROTOCOL.ALREADY_EXISTS');
    });

    it('refuses invalid rules', () => {
      spec
        .given([])
        .when({ type: 'BootstrapProtocol', data: { version: '2026-1', title: 'First', rules: { ...rules, protocolQuorum: 0 } } })
        .thenThrows('PROTOCOL.INVALID_RULES', { problems: [{ field: 'rules.protocolQuorum', rule: 'min' }] });
    });
  });

  describe('SupersedeProtocol', () => {
    it('supersedes the adopted version', () => {
      spec.given([bootstrapped]).when({ type: 'SupersedeProtocol', data: { supersededBy: '2026-3' } }).then(superseded);
      expect(spec.given([bootstrapped, superseded]).state).toMatchObject({ status: 'superseded', supersededBy: '2026-3' });
    });

    it('refuses what was never adopted or is already superseded', () => {
      spec.given([drafted]).when({ type: 'SupersedeProtocol', data: { supersededBy: '2026-3' } }).thenThrows('PROTOCOL.NOT_ADOPTED', { status: 'draft' });
      spec.given([bootstrapped, superseded]).when({ type: 'SupersedeProtocol', data: { supersededBy: '2026-4' } }).thenThrows('PROTOCOL.NOT_ADOPTED', { status: 'superseded' });
      spec.given([]).when({ type: 'SupersedeProtocol', data: { supersededBy: '2026-3' } }).thenThrows('PROTOCOL.NOT_FOUND');
    });

    it('refuses to let a version supersede itself', () => {
      spec.given([bootstrapped]).when({ type: 'SupersedeProtocol', data: { supersededBy: '2026-1' } }).thenThrows('PROTOCOL.ALREADY_IN_FORCE');
    });
  });
});

describe('protocol registry decider', () => {
  const registry = deciderSpec(protocolRegistryDecider);
  const inForce = (version: string, previousVersion: string | null): ProtocolRegistryEvent => ({ type: 'ProtocolPutInForce', data: { version, previousVersion } });

  it('puts the bootstrapped version in force when none ever was', () => {
    registry.given([]).when({ type: 'PutProtocolInForce', data: { version: '2026-1', via: 'bootstrap' } }).then(inForce('2026-1', null));
  });

  it('refuses a bootstrap once any version was in force', () => {
    registry
      .given([inForce('2026-1', null), inForce('2026-2', '2026-1')])
      .when({ type: 'PutProtocolInForce', data: { version: '2027-1', via: 'bootstrap' } })
      .thenThrows('PROTOCOL.ALREADY_BOOTSTRAPPED', { versionInForce: '2026-2' });
  });

  it('puts an adopted version in force, naming the one it replaces', () => {
    registry.given([inForce('2026-1', null)]).when({ type: 'PutProtocolInForce', data: { version: '2026-2', via: 'adoption' } }).then(inForce('2026-2', '2026-1'));
  });

  it('refuses to put the version in force that already is', () => {
    registry.given([inForce('2026-1', null)]).when({ type: 'PutProtocolInForce', data: { version: '2026-1', via: 'adoption' } }).thenThrows('PROTOCOL.ALREADY_IN_FORCE');
  });
});

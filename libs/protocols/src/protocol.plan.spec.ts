import { followUp } from '@fund/event-sourcing';
import { planSpec } from '@fund/event-sourcing/testing';
import { protocolDecider, type ProtocolCommand } from './protocol.decider';
import type { ProtocolEvent } from './protocol.events';
import { protocolPlan } from './protocol.plan';
import { protocolRegistryDecider, type ProtocolRegistryState } from './protocol-registry.decider';
import { DEMO_PROTOCOL_RULES as rules } from './protocol-rules';
import { PROTOCOL_REGISTRY_STREAM, protocolStreamId } from './protocol-streams';

const inForce = (version: string): ProtocolRegistryState => ({ status: 'in_force', version });
const specWith = (registry: ProtocolRegistryState) => planSpec(protocolDecider, (decision) => protocolPlan({ ...decision, registry }));

const drafted: ProtocolEvent = { type: 'ProtocolDrafted', data: { version: '2026-2', title: 'Second edition', rules } };
const proposed: ProtocolEvent = { type: 'ProtocolProposed', data: { quorum: 2 } };
const approve = (memberId: string): ProtocolEvent => ({ type: 'ProtocolVoteCast', data: { memberId, organizationId: `org-${memberId}`, vote: 'approve' } });
const vote = (memberId: string, choice: 'approve' | 'reject' | 'recuse'): ProtocolCommand => ({
  type: 'CastProtocolVote',
  data: { memberId, organizationId: `org-${memberId}`, vote: choice },
});

describe('protocol plan: an adopted version is put in force, the old one superseded, in one append', () => {
  it('puts the version the deciding vote adopts in force and supersedes the version it replaces', () => {
    specWith(inForce('2026-1'))
      .given([drafted, proposed, approve('c1')])
      .when(vote('c2', 'approve'))
      .then([
        followUp(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider, { type: 'PutProtocolInForce', data: { version: '2026-2', via: 'adoption' } }),
        followUp(protocolStreamId('2026-1'), protocolDecider, { type: 'SupersedeProtocol', data: { supersededBy: '2026-2' } }),
      ]);
  });

  it('puts a bootstrapped first version in force, superseding nothing', () => {
    specWith({ status: 'none' })
      .given([])
      .when({ type: 'BootstrapProtocol', data: { version: '2026-1', title: 'First protocol', rules } })
      .then([followUp(PROTOCOL_REGISTRY_STREAM, protocolRegistryDecider, { type: 'PutProtocolInForce', data: { version: '2026-1', via: 'bootstrap' } })]);
  });

  it('changes nothing in force on a vote that does not decide, or a rejection', () => {
    specWith(inForce('2026-1')).given([drafted, proposed]).when(vote('c1', 'approve')).thenNothingElse();
    const rejecting: ProtocolEvent = { type: 'ProtocolVoteCast', data: { memberId: 'c1', organizationId: 'org-c1', vote: 'reject' } };
    specWith(inForce('2026-1')).given([drafted, proposed, rejecting]).when(vote('c2', 'reject')).thenNothingElse();
  });

  it('changes nothing in force when a draft is written, revised or proposed', () => {
    specWith(inForce('2026-1')).given([]).when({ type: 'DraftProtocol', data: { version: '2026-2', title: 'Second edition', rules } }).thenNothingElse();
    specWith(inForce('2026-1')).given([drafted]).when({ type: 'ProposeProtocol', data: { quorum: 2 } }).thenNothingElse();
  });
});

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor, SqlDatabase } from '@fund/event-sourcing';
import { Allow, CurrentActor } from '@fund/auth';
import { READ_DATABASE, ReadsFrom } from '@fund/platform';
import { ProtocolVersionsQueryDto } from './protocol-versions-query.dto';
import { PROTOCOL_VERSIONS } from './protocol-versions.projection';
import { ProtocolVersionsView } from '../queue.view';

interface ProtocolVersionRow {
  version: string;
  stream_version: string;
  title: string;
  status: string;
  bootstrapped: boolean;
  quorum: number | null;
  approvals: number;
  rejections: number;
  recusals: number;
  my_vote: string | null;
  drafted_at: string | Date | null;
  revised_at: string | Date | null;
  proposed_at: string | Date | null;
  adopted_at: string | Date | null;
  rejected_at: string | Date | null;
  superseded_at: string | Date | null;
  superseded_by: string | null;
}

const instant = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

/** Protocol versions, read from the protocol-versions projection. */
@ApiTags('queues')
@ApiBearerAuth()
@ReadsFrom(PROTOCOL_VERSIONS)
@Controller('queues')
export class ProtocolVersionsController {
  constructor(@Inject(READ_DATABASE) private readonly db: SqlDatabase) {}

  /**
   * Every version, most recently changed first, with its vote tally. A council member also
   * sees their own vote (`myVote`), so the queue of proposals awaiting them is the proposed
   * ones where it is null; who else voted how stays in the events.
   */
  @Get('protocol-versions')
  @Allow('council', 'coordinator', 'auditor')
  @ApiOperation({ summary: "Protocol versions and their votes", description: "Every version, most recently changed first, with its tally; a council member also sees their own vote." })
  @ApiOkResponse({ type: ProtocolVersionsView })
  async list(@Query() q: ProtocolVersionsQueryDto, @CurrentActor() actor: Actor) {
    const member = actor.role === 'council' ? actor.userId : null;
    const { rows } = await this.db.query<ProtocolVersionRow>(
      `SELECT version, stream_version, title, status, bootstrapped, quorum, approvals, rejections, recusals,
         (SELECT v->>'vote' FROM jsonb_array_elements(voters) v WHERE v->>'memberId' = $2 LIMIT 1) AS my_vote,
         drafted_at, revised_at, proposed_at, adopted_at, rejected_at, superseded_at, superseded_by
       FROM rv_protocol_versions WHERE ($1::text IS NULL OR status = $1)
       ORDER BY updated_at DESC, version LIMIT $3 OFFSET $4`,
      [q.status ?? null, member, q.limit ?? 50, q.offset ?? 0],
    );
    return {
      items: rows.map((r) => ({
        version: r.version,
        title: r.title,
        status: r.status,
        bootstrapped: r.bootstrapped,
        quorum: r.quorum,
        // Like GET /protocols/:version: no tally before the version is put to a vote.
        tally: r.quorum === null ? null : { approvals: r.approvals, rejections: r.rejections, recusals: r.recusals },
        ...(member ? { myVote: r.my_vote } : {}),
        draftedAt: instant(r.drafted_at),
        revisedAt: instant(r.revised_at),
        proposedAt: instant(r.proposed_at),
        adoptedAt: instant(r.adopted_at),
        rejectedAt: instant(r.rejected_at),
        supersededAt: instant(r.superseded_at),
        supersededBy: r.superseded_by,
        streamVersion: Number(r.stream_version),
      })),
    };
  }
}

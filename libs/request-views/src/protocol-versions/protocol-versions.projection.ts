import { Injectable } from '@nestjs/common';
import type { EventHandler, Migration, RecordedEvent, SqlExecutor } from '@fund/event-sourcing';
import { PROTOCOL_REGISTRY_STREAM, type ProtocolEvent } from '@fund/protocols';

export const PROTOCOL_VERSION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'protocol versions and council votes',
    sql: `
CREATE TABLE rv_protocol_versions (
  version text PRIMARY KEY,
  stream_version bigint NOT NULL,
  title text NOT NULL,
  status text NOT NULL,
  bootstrapped boolean NOT NULL DEFAULT false,
  quorum integer,
  voters jsonb NOT NULL DEFAULT '[]'::jsonb,
  approvals integer NOT NULL DEFAULT 0,
  rejections integer NOT NULL DEFAULT 0,
  recusals integer NOT NULL DEFAULT 0,
  drafted_at timestamptz,
  revised_at timestamptz,
  proposed_at timestamptz,
  adopted_at timestamptz,
  rejected_at timestamptz,
  superseded_at timestamptz,
  superseded_by text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX rv_protocol_versions_status ON rv_protocol_versions (status, updated_at DESC);
`,
  },
];

const PROTOCOL_STREAM = 'protocol-';

/**
 * Every protocol version and where it stands, so the council can find what is proposed and
 * the coordinator what is still a draft: the event store reads streams by id only, and a
 * version's id is whatever the coordinator chose. The rules stay in the version's stream
 * (GET /protocols/:version reads them there); this table holds the list and the tally.
 */
/** The read model's name (its checkpoint): protocol versions and their votes. */
export const PROTOCOL_VERSIONS = 'protocol-versions';

@Injectable()
export class ProtocolVersionsProjection implements EventHandler {
  readonly name = PROTOCOL_VERSIONS;
  readonly migrations = PROTOCOL_VERSION_MIGRATIONS;

  accepts(e: RecordedEvent): boolean {
    return e.streamId.startsWith(PROTOCOL_STREAM) && e.streamId !== PROTOCOL_REGISTRY_STREAM;
  }

  async handle(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const e of events) {
      if (!this.accepts(e)) continue;
      await this.apply(e as RecordedEvent<ProtocolEvent>, e.streamId.slice(PROTOCOL_STREAM.length), tx);
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('TRUNCATE rv_protocol_versions');
  }

  private async apply(e: RecordedEvent<ProtocolEvent>, version: string, tx: SqlExecutor): Promise<void> {
    const at = e.metadata.occurredAt;
    if (e.type === 'ProtocolDrafted' || e.type === 'ProtocolBootstrapped') {
      const bootstrapped = e.type === 'ProtocolBootstrapped';
      await tx.query(
        `INSERT INTO rv_protocol_versions (version, stream_version, title, status, bootstrapped, drafted_at, adopted_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (version) DO NOTHING`,
        [version, e.streamVersion, e.data.title, bootstrapped ? 'adopted' : 'draft', bootstrapped, bootstrapped ? null : at, bootstrapped ? at : null, at],
      );
      return;
    }
    const set = changes(e, at);
    // The stream version guard makes a redelivered event a no-op.
    await tx.query(`UPDATE rv_protocol_versions SET ${set.sql}, stream_version = $2, updated_at = $3 WHERE version = $1 AND stream_version < $2`, [
      version,
      e.streamVersion,
      at,
      ...set.params,
    ]);
  }
}

/** SQL assignments for one event; parameters start at $4. */
function changes(e: RecordedEvent<Exclude<ProtocolEvent, { type: 'ProtocolDrafted' | 'ProtocolBootstrapped' }>>, at: string): { sql: string; params: unknown[] } {
  switch (e.type) {
    case 'ProtocolDraftRevised':
      return { sql: 'revised_at = $4', params: [at] };
    case 'ProtocolProposed':
      return { sql: `status = 'proposed', quorum = $4, proposed_at = $5`, params: [e.data.quorum, at] };
    case 'ProtocolVoteCast': {
      const column = e.data.vote === 'approve' ? 'approvals' : e.data.vote === 'reject' ? 'rejections' : 'recusals';
      return { sql: `voters = voters || $4::jsonb, ${column} = ${column} + 1`, params: [JSON.stringify([{ memberId: e.data.memberId, vote: e.data.vote }])] };
    }
    case 'ProtocolAdopted':
      return { sql: `status = 'adopted', adopted_at = $4`, params: [at] };
    case 'ProtocolRejected':
      return { sql: `status = 'rejected', rejected_at = $4`, params: [at] };
    case 'ProtocolSuperseded':
      return { sql: `status = 'superseded', superseded_at = $4, superseded_by = $5`, params: [at, e.data.supersededBy] };
  }
}

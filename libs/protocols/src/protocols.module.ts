import { Module } from '@nestjs/common';
import { BootstrapProtocolController } from './bootstrap-protocol/bootstrap-protocol.controller';
import { BootstrapProtocolHandler } from './bootstrap-protocol/bootstrap-protocol.handler';
import { CastProtocolVoteController } from './cast-protocol-vote/cast-protocol-vote.controller';
import { CastProtocolVoteHandler } from './cast-protocol-vote/cast-protocol-vote.handler';
import { DraftProtocolController } from './draft-protocol/draft-protocol.controller';
import { DraftProtocolHandler } from './draft-protocol/draft-protocol.handler';
import { GetProtocolController } from './get-protocol/get-protocol.controller';
import { GetProtocolHandler } from './get-protocol/get-protocol.handler';
import { GetProtocolDocumentController } from './get-protocol-document/get-protocol-document.controller';
import { GetProtocolInForceController } from './get-protocol-in-force/get-protocol-in-force.controller';
import { GetProtocolInForceHandler } from './get-protocol-in-force/get-protocol-in-force.handler';
import { ProposeProtocolController } from './propose-protocol/propose-protocol.controller';
import { ProposeProtocolHandler } from './propose-protocol/propose-protocol.handler';
import { ReviseDraftController } from './revise-draft/revise-draft.controller';
import { ReviseDraftHandler } from './revise-draft/revise-draft.handler';

/**
 * Protocol versions: draft, revise, propose, council vote, bootstrap, read, export. Relies on
 * the app's CqrsModule.forRoot(), EventStoreModule and AuthModule (all global).
 */
@Module({
  controllers: [
    // Static segments before `:version`, so "current" and "bootstrap" are never read as versions.
    GetProtocolInForceController,
    BootstrapProtocolController,
    DraftProtocolController,
    ReviseDraftController,
    ProposeProtocolController,
    CastProtocolVoteController,
    GetProtocolDocumentController,
    GetProtocolController,
  ],
  providers: [
    DraftProtocolHandler,
    ReviseDraftHandler,
    ProposeProtocolHandler,
    CastProtocolVoteHandler,
    BootstrapProtocolHandler,
    GetProtocolHandler,
    GetProtocolInForceHandler,
  ],
})
export class ProtocolsModule {}

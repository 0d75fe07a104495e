import { Module } from '@nestjs/common';
import { GetProtocolForesightController } from './get-protocol-foresight/get-protocol-foresight.controller';
import { GetProtocolForesightHandler } from './get-protocol-foresight/get-protocol-foresight.handler';

/** The what-if replay of a protocol version. Relies on the app's CqrsModule, EventStoreModule and AuthModule (all global). */
@Module({ controllers: [GetProtocolForesightController], providers: [GetProtocolForesightHandler] })
export class ProtocolForesightModule {}

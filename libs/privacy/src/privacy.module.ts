import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@fund/event-sourcing';
import { READ_DATABASE } from '@fund/platform';
import { NarrativeVault } from './narrative-vault';

@Global()
@Module({
  providers: [{ provide: NarrativeVault, useFactory: (db: SqlDatabase) => new NarrativeVault(db), inject: [READ_DATABASE] }],
  exports: [NarrativeVault],
})
export class PrivacyModule implements OnModuleInit {
  constructor(@Inject(NarrativeVault) private readonly vault: NarrativeVault) {}
  async onModuleInit(): Promise<void> {
    await this.vault.migrate();
  }
}

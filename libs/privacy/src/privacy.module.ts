import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { SqlDatabase } from '@fund/event-sourcing';
import { APP_CONFIG, READ_DATABASE, type AppConfig } from '@fund/platform';
import { KeyEncryptionKeys, loadKeyEncryptionKeys } from './key-encryption';
import { NarrativeVault } from './narrative-vault';

@Global()
@Module({
  providers: [
    { provide: KeyEncryptionKeys, useFactory: (config: AppConfig) => loadKeyEncryptionKeys(config), inject: [APP_CONFIG] },
    { provide: NarrativeVault, useFactory: (db: SqlDatabase, keys: KeyEncryptionKeys) => new NarrativeVault(db, keys), inject: [READ_DATABASE, KeyEncryptionKeys] },
  ],
  exports: [NarrativeVault],
})
export class PrivacyModule implements OnModuleInit {
  private readonly logger = new Logger('NarrativeVault');

  constructor(@Inject(NarrativeVault) private readonly vault: NarrativeVault) {}

  /** Before any request is served: no clear data key may remain, and the KEKs must fit the data. */
  async onModuleInit(): Promise<void> {
    await this.vault.migrate();
    const { wrapped, rewrapped } = await this.vault.prepare();
    if (wrapped > 0) this.logger.log({ count: wrapped }, 'narrative data keys from before envelope encryption wrapped');
    if (rewrapped > 0) this.logger.log({ count: rewrapped }, 'narrative data keys re-wrapped with the current key-encryption key');
  }
}

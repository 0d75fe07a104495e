import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { loadOrCreateLocalSigningKey } from './local-signing-key';
import { LocalTokenVerifier } from './tokens';

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: { dataDir: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => new LocalTokenVerifier(loadOrCreateLocalSigningKey(options.dataDir)) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}

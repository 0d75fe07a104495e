import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { loadOrCreateLocalSigningKey } from './local-signing-key';
import { OidcTokenVerifier, type OidcOptions } from './oidc';
import { LocalTokenVerifier } from './tokens';

export type AuthOptions = { readonly mode: 'local'; readonly dataDir: string } | ({ readonly mode: 'oidc' } & OidcOptions);

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions | { readonly dataDir: string }): DynamicModule {
    const resolved: AuthOptions = 'mode' in options ? options : { mode: 'local', dataDir: options.dataDir };
    return {
      module: AuthModule,
      providers: [
        {
          provide: TOKEN_VERIFIER,
          useFactory: () =>
            resolved.mode === 'oidc' ? new OidcTokenVerifier(resolved) : new LocalTokenVerifier(loadOrCreateLocalSigningKey(resolved.dataDir)),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}

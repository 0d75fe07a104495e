export * from './access';
export * from './auth.guard';
export * from './auth.module';
export * from './local-signing-key';
export * from './tokens';
export * from './oidc';

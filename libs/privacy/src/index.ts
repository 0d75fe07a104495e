export * from './identifiers';
export * from './key-encryption';
export * from './narrative-vault';
export * from './privacy.module';

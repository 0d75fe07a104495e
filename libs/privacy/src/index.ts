export * from './identifiers';
export * from './narrative-vault';
export * from './privacy.module';

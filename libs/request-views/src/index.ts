export * from './request-views.projection';
export * from './balances.projection';
export * from './request-views.module';
export { ProtocolVersionsProjection, PROTOCOL_VERSION_MIGRATIONS, PROTOCOL_VERSIONS } from './protocol-versions/protocol-versions.projection';

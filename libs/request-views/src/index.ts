export * from './request-views.projection';
export * from './balances.projection';
export * from './request-views.module';

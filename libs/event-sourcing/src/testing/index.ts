export * from './event-store-contract';
export * from './given-when-then';
export * from './plan-spec';
export * from './postgres';

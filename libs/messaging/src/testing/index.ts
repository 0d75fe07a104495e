export * from './fund-history';
export * from './kafka';
export * from './topic-reader';
export * from './relay-assertions';

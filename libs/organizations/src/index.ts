export * from './vocabulary';
export * from './organization.events';
export * from './organization.decider';
export * from './survivor-reference.events';
export * from './survivor-reference.decider';
export * from './survivor-reference';
export * from './organizations.module';

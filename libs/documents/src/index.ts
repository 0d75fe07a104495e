export * from './sniff';
export { stripMetadata } from './strip/strip-metadata';
export { UnreadableDocument, type RemovedMetadata, type Stripped } from './strip/unreadable';

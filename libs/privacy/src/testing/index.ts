export * from './names-corpus';
export * from './wink-tagger';

export * from './identifiers';
export * from './key-encryption';
export * from './narrative-vault';
export { detectPersonalInfo, type PersonalInfoKind } from './personal-info/personal-info';
export { compromiseTagger, warmCompromise, type PersonTagger, type TaggedWord } from './personal-info/tagger';
export * from './privacy.module';
export * from './free-text';

export { ForesightReplay, OUTCOMES, REFUSAL_STAGES, outcomeOfStatus, requestOutcome } from './replay';
export type { Outcome, Refusal, RefusalStage, ReplayOptions, ReplayResult, ReplayWindow, RequestOutcome, WorldResult, MonthFigures } from './replay';
export { replayStore, REPLAY_BATCH } from './read-history';
export * from './compare';
export { replayInputsHash, type ReplayInputs } from './inputs-hash';
export { ProtocolForesightView } from './foresight.view';
export { ProtocolForesightModule } from './protocol-foresight.module';

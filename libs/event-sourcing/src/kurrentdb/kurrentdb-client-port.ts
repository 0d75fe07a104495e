import type {
  AllStreamResolvedEvent,
  AppendResult as KurrentAppendResult,
  AppendStreamRequest,
  AppendToStreamOptions,
  EventData,
  MultiAppendResult,
  ReadAllOptions as KurrentReadAllOptions,
  ReadStreamOptions as KurrentReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';

/** The part of a catch-up subscription the adapter uses: a paused/resumed event source. */
export interface KurrentSubscription {
  on(event: 'data', listener: (resolved: AllStreamResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * The slice of `KurrentDBClient` (@kurrent/kurrentdb-client 1.3.x) the adapter calls. Kept
 * narrow and concrete so the adapter can be unit-tested against an in-memory fake without a
 * server; the real client satisfies it structurally (checked by the compiler in
 * `openKurrentDbEventStore`).
 */
export interface KurrentDbClientPort {
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<KurrentAppendResult>;
  /** KurrentDB >= 25.1: several streams in one atomic write. Throws `UnsupportedError` before. */
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  readStream(streamName: string, options: KurrentReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: KurrentReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): KurrentSubscription;
  dispose(): Promise<void>;
}

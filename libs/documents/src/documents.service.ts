import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, loadStreamState, runUnitOfWork, type Actor, type CommandContext, type EventStore } from '@fund/event-sourcing';
import { EVENT_STORE } from '@fund/platform';
import { fundRequestDecider, fundRequestStreamId, type FundRequestState } from '@fund/fund-requests';
import { NarrativeVault } from '@fund/privacy';
import { DOCUMENT_BYTES, type DocumentBytes } from './document-bytes.port';
import { DocumentCatalog, type CatalogEntry } from './document-catalog';
import { checkUploadedBytes, documentDecider, type RequestForDocuments } from './document.decider';
import { documentStreamId, type DocumentKind } from './document.events';
import { sniffMediaType, type DocumentMediaType } from './sniff';
import { stripMetadata } from './strip/strip-metadata';
import { UnreadableDocument, type RemovedMetadata } from './strip/unreadable';

export const DOCUMENT_LIMITS = Symbol('DOCUMENT_LIMITS');
export interface DocumentLimits {
  readonly maxBytes: number;
}

/** The additional authenticated data binding a document's ciphertext to it and its request. */
const purpose = (documentId: string) => `document:${documentId}`;

export function requestForDocuments(state: FundRequestState, documents: number): RequestForDocuments {
  if (state.status === 'none') return { exists: false };
  const disbursementIds = 'disbursements' in state ? Object.entries(state.disbursements).filter(([, d]) => !d.voided).map(([id]) => id) : [];
  return { exists: true, organizationId: state.facts.organizationId, disbursementIds, shredded: state.narrativeShredded === true, documents };
}

export interface AttachedDocument {
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly mediaType: DocumentMediaType;
  readonly sizeBytes: number;
  readonly disbursementId: string | null;
  readonly removedMetadata: readonly RemovedMetadata[];
}

/**
 * Documents of a request: cleaned of metadata, sealed with the request's data key, kept behind
 * the `DocumentBytes` port, listed from the catalog, and read only by those who may read the
 * request. Nothing here logs a byte or a name.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: NarrativeVault,
    private readonly catalog: DocumentCatalog,
    @Inject(DOCUMENT_BYTES) private readonly bytes: DocumentBytes,
    @Inject(DOCUMENT_LIMITS) private readonly limits: DocumentLimits,
  ) {}

  async attach(requestId: string, input: { readonly kind: DocumentKind; readonly disbursementId: string | null; readonly body: Buffer }, context: CommandContext): Promise<AttachedDocument> {
    const mediaType = checkUploadedBytes(input.body.length, sniffMediaType(input.body), this.limits.maxBytes);
    let cleaned: Buffer;
    let removedMetadata: readonly RemovedMetadata[];
    try {
      ({ bytes: cleaned, removed: removedMetadata } = await stripMetadata(mediaType, input.body));
    } catch (error) {
      if (!(error instanceof UnreadableDocument)) throw error;
      // Refused rather than stored: what we cannot walk, we cannot clean of its location.
      throw new DomainError('DOCUMENT.UNREADABLE', `This ${mediaType} file cannot be cleaned of its metadata, so it is not stored: ${error.reason}`, { field: 'body', mediaType });
    }
    const documentId = randomUUID();
    const organizationId = context.actor.role === 'provider' ? context.actor.organizationId : null;
    try {
      await runUnitOfWork(this.store, context, async (uow) => {
        const { state } = await uow.load(fundRequestStreamId(requestId), fundRequestDecider);
        const request = requestForDocuments(state, (await this.catalog.ofRequest(requestId)).filter((d) => d.documentId !== documentId).length);
        const { events } = await uow.decide(documentStreamId(documentId), documentDecider, {
          type: 'AttachDocument',
          data: { documentId, requestId, kind: input.kind, mediaType, sizeBytes: cleaned.length, disbursementId: input.disbursementId, removedMetadata, organizationId, request },
        });
        const attached = events[0];
        if (!attached) return;
        // Bytes and catalog before the event (a retry of this callback finds them in place).
        if (!(await this.bytes.get(documentId))) {
          const sealed = await this.vault.sealBytes(requestId, purpose(documentId), cleaned);
          if (!sealed) throw new DomainError('DOCUMENT.REQUEST_SHREDDED', "This request's data key was destroyed; nothing more can be attached to it");
          await this.bytes.put(documentId, sealed);
        }
        if (!(await this.catalog.get(requestId, documentId))) await this.catalog.add(attached.data, context.now);
      });
    } catch (error) {
      await this.catalog.remove(documentId);
      await this.bytes.delete(documentId);
      throw error;
    }
    return { documentId, kind: input.kind, mediaType, sizeBytes: cleaned.length, disbursementId: input.disbursementId, removedMetadata };
  }

  async list(requestId: string, actor: Actor): Promise<{ readonly readable: boolean; readonly documents: readonly CatalogEntry[] }> {
    const state = await this.visibleRequest(requestId, actor);
    return { readable: state.narrativeShredded !== true, documents: await this.catalog.ofRequest(requestId) };
  }

  async read(requestId: string, documentId: string, actor: Actor): Promise<{ readonly entry: CatalogEntry; readonly bytes: Buffer }> {
    await this.visibleRequest(requestId, actor);
    const entry = await this.catalog.get(requestId, documentId);
    const sealed = entry ? await this.bytes.get(documentId) : null;
    if (!entry || !sealed) throw new DomainError('DOCUMENT.NOT_FOUND', 'No such document on this request', {}, 'not_found');
    const bytes = await this.vault.openBytes(requestId, purpose(documentId), sealed);
    if (!bytes) throw new DomainError('DOCUMENT.SHREDDED', "This document was destroyed with the request's data key", {});
    return { entry, bytes };
  }

  /** For a receipt pointing at a document (`RECEIPT_DOCUMENTS`); the fund-request decider judges it. */
  async describe(documentId: string): Promise<{ requestId: string; disbursementId: string | null; kind: string } | null> {
    const entry = await this.catalog.byId(documentId);
    return entry && { requestId: entry.requestId, disbursementId: entry.disbursementId, kind: entry.kind };
  }

  /** Another organization's request (and so its documents) answers exactly like an unknown one. */
  private async visibleRequest(requestId: string, actor: Actor): Promise<Exclude<FundRequestState, { status: 'none' }>> {
    const { state } = await loadStreamState(this.store, fundRequestStreamId(requestId), fundRequestDecider);
    if (state.status === 'none' || (actor.role === 'provider' && actor.organizationId !== state.facts.organizationId)) {
      throw new DomainError('FUND_REQUEST.NOT_FOUND', 'No such fund request', {}, 'not_found');
    }
    return state;
  }
}

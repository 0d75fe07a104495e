import { DomainError } from '@fund/event-sourcing';
import { DEFAULT_MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_REQUEST, checkUploadedBytes, documentDecider, type AttachDocument, type RequestForDocuments } from './document.decider';
import type { DocumentEvent } from './document.events';

const request: RequestForDocuments = { exists: true, organizationId: 'org-a', disbursementIds: ['d-1'], shredded: false, documents: 0 };

function attach(over: Partial<AttachDocument['data']> = {}): AttachDocument {
  return {
    type: 'AttachDocument',
    data: { documentId: 'doc-1', requestId: 'req-1', kind: 'receipt', mediaType: 'image/jpeg', sizeBytes: 1234, disbursementId: 'd-1', removedMetadata: ['exif'], organizationId: 'org-a', request, ...over },
  };
}

/** given past events, when a command, then new events or a refusal code. */
function given(events: DocumentEvent[]) {
  const state = events.reduce(documentDecider.evolve, documentDecider.initialState());
  return {
    when: (command: AttachDocument) => {
      try {
        return { events: [documentDecider.decide(command, state)].flat(), code: null };
      } catch (error) {
        if (error instanceof DomainError) return { events: [], code: `${error.kind}:${error.code}` };
        throw error;
      }
    },
  };
}

describe('document decider', () => {
  it("attaches a document to its organization's request and payment, with what was removed", () => {
    expect(given([]).when(attach())).toEqual({
      code: null,
      events: [{ type: 'DocumentAttached', data: { documentId: 'doc-1', requestId: 'req-1', organizationId: 'org-a', kind: 'receipt', mediaType: 'image/jpeg', sizeBytes: 1234, disbursementId: 'd-1', removedMetadata: ['exif'] } }],
    });
  });

  it('lets coalition staff attach to any organization (the event names the request’s organization)', () => {
    expect(given([]).when(attach({ organizationId: null })).events[0]?.data.organizationId).toBe('org-a');
  });

  it("answers another organization's request exactly like an unknown one", () => {
    expect(given([]).when(attach({ organizationId: 'org-b' })).code).toBe('not_found:FUND_REQUEST.NOT_FOUND');
    expect(given([]).when(attach({ request: { exists: false } })).code).toBe('not_found:FUND_REQUEST.NOT_FOUND');
  });

  it('refuses a payment the request does not have', () => {
    expect(given([]).when(attach({ disbursementId: 'd-9' })).code).toBe('not_found:FUND_REQUEST.UNKNOWN_DISBURSEMENT');
  });

  it('refuses a request whose data key was shredded (the document could never be read)', () => {
    expect(given([]).when(attach({ request: { ...request, shredded: true } })).code).toBe('rule:DOCUMENT.REQUEST_SHREDDED');
  });

  it(`holds at most ${MAX_DOCUMENTS_PER_REQUEST} documents per request`, () => {
    expect(given([]).when(attach({ request: { ...request, documents: MAX_DOCUMENTS_PER_REQUEST - 1 } })).code).toBeNull();
    expect(given([]).when(attach({ request: { ...request, documents: MAX_DOCUMENTS_PER_REQUEST } })).code).toBe('rule:DOCUMENT.TOO_MANY');
  });

  it('attaches a document once', () => {
    const first = given([]).when(attach()).events;
    expect(given(first).when(attach()).code).toBe('conflict:DOCUMENT.EXISTS');
  });
});

describe('uploaded bytes', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
      return null;
    } catch (error) {
      return error instanceof DomainError ? error.code : 'other';
    }
  };

  it('takes a known type within the limit, and refuses empty, too large and unknown bytes naming the rule', () => {
    expect(checkUploadedBytes(10, 'application/pdf', DEFAULT_MAX_DOCUMENT_BYTES)).toBe('application/pdf');
    expect(codeOf(() => checkUploadedBytes(0, 'image/png', 100))).toBe('DOCUMENT.EMPTY');
    expect(codeOf(() => checkUploadedBytes(101, 'image/png', 100))).toBe('DOCUMENT.TOO_LARGE');
    expect(codeOf(() => checkUploadedBytes(100, 'image/png', 100))).toBeNull();
    expect(codeOf(() => checkUploadedBytes(10, null, 100))).toBe('DOCUMENT.UNSUPPORTED_TYPE');
  });
});

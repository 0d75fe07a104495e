import { DomainError } from '@fund/event-sourcing';
import { SLUG_PATTERN } from './protocol-rules';

/** The stream that says which protocol version is in force. */
export const PROTOCOL_REGISTRY_STREAM = 'protocol-registry';

/**
 * `registry` would name the registry's own stream; `current` and `bootstrap` are route
 * segments under /protocols, so a version with those names could not be addressed.
 */
export const RESERVED_VERSIONS: readonly string[] = ['registry', 'current', 'bootstrap'];

export function isProtocolVersion(version: string): boolean {
  return SLUG_PATTERN.test(version) && !RESERVED_VERSIONS.includes(version);
}

export function assertProtocolVersion(version: string): void {
  if (!isProtocolVersion(version)) {
    throw new DomainError(
      'PROTOCOL.INVALID_VERSION',
      'A protocol version is a short slug of lowercase letters, digits and dashes (not registry, current or bootstrap)',
      { field: 'version' },
      'validation',
    );
  }
}

export function protocolStreamId(version: string): string {
  assertProtocolVersion(version);
  return `protocol-${version}`;
}

import { DomainError } from '@fund/event-sourcing';
import { assertNoIdentifiers, detectIdentifiers } from './identifiers';

describe('detectIdentifiers', () => {
  it.each([
    ['call her at (207) 555-0143', 'phone_number'],
    ['cell 207.555.0143', 'phone_number'],
    ['+1 207 555 0143', 'phone_number'],
    ['email jane.doe@example.org', 'email_address'],
    ['jane at example dot org or jane (at) example (dot) org', 'email_address'],
    ['ssn 123-45-6789', 'ssn'],
    ['DOB 04/12/1999', 'date'],
    ['born March 3, 2004', 'date'],
    ['stays at 14 Elm Street', 'street_address'],
    ['Apt 4 downtown', 'street_address'],
    ['see https://example.org/profile', 'url'],
  ])('finds %j as %s', (text, kind) => {
    expect(detectIdentifiers(text)).toContain(kind);
  });

  it.each(['Needs a winter coat and boots for two children', 'Bus pass for 30 days to reach counseling', 'Groceries for a week, family of 3, $120'])(
    'lets ordinary needs through: %j',
    (text) => {
      expect(detectIdentifiers(text)).toEqual([]);
    },
  );

  it('refuses with the field and kinds, never the text', () => {
    let error: unknown;
    try {
      assertNoIdentifiers('narrative', 'reach me at 207-555-0143');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual({ field: 'narrative', found: ['phone_number'] });
    expect((error as DomainError).message).not.toContain('555');
  });
});

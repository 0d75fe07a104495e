import { DomainError } from '@fund/event-sourcing';
import { assertNoIdentifiers } from '../identifiers';
import { detectPersonalInfo } from './personal-info';

describe('detectPersonalInfo', () => {
  it.each([
    ['Maria Lopez needs groceries for her kids', 'full name'],
    ['maria needs groceries', 'lowercase first name'],
    ["Tasha's kids need boots", 'possessive'],
    ['Ms. hall needs rent help', 'title, lowercase surname'],
    ['Grandma Rose is taking the kids', 'kin title'],
    ['Her son Tyler needs boots', 'relation then name'],
    ['Her daughter April needs glasses', 'a name that is also a month'],
    ['Hope needs a bus pass', 'a name that is also a word, as subject'],
    ['Help Dawn with the electric bill', 'a name that is also a word, mid-sentence'],
    ['Goes by Red; needs groceries', 'nickname'],
    ['Rent for KAYLA BERNIER', 'capitals'],
    ['Mbeki and her kids need a Hannaford card', 'a name the library does not know'],
  ])('finds a name in %j (%s)', (text) => {
    expect(detectPersonalInfo(text)).toContain('personal_name');
  });

  it.each([
    ["Her mom's place on Elm St is where she is staying", 'street without a number'],
    ['living on maple street with her sister', 'lowercase street'],
    ['She lives in Lewiston with her kids', 'town she lives in'],
    ['Her apartment in Biddeford needs a lock', 'her apartment in a town'],
    ['Room 114 at the Super 8 for three more nights', 'room number'],
    ['Lot 14 at Sunny Acres Mobile Home Park', 'lot in a park'],
    ['She lives at the Pine Grove Apartments', 'named building'],
    ['Her address is the yellow house across from the Irving station', 'described address'],
  ])('finds a home in %j (%s)', (text) => {
    expect(detectPersonalInfo(text)).toContain('home_location');
  });

  it.each([
    'Walmart gift card for school clothes',
    'Greyhound ticket to Bangor for court on Monday',
    'Preble Street is full; three motel nights until a bed opens',
    'MaineCare does not cover dental',
    'GA office said no; DHHS is processing SNAP',
    'Hannaford card, Shaw\'s is too far',
    'Two nights at the Motel 6 in Augusta before court',
    'Mom and the kids need groceries',
    'Grandma is watching the baby so she can work',
    'Rent for December, landlord wants it by Friday',
    'Bill is past due; shutoff notice from CMP',
    'Will need a bus pass next month too',
    'Hope to have housing by the end of the month',
    'Summer clothes for three kids',
    'Grace period on the rent ends Friday',
    'Court is on Tuesday; gas money for the drive',
    'Staying at Preble Street until a bed opens',
    'Groceries from the Hannaford on Forest Ave',
    'Her sister in Bangor can take them in',
    'Taxi from Biddeford to Portland for a protection order hearing',
    'First month\'s rent at a new place, lease signed',
    'General fund NARRATIVE-MARKER-deb0ab12',
  ])('lets %j through', (text) => {
    expect(detectPersonalInfo(text)).toEqual([]);
  });

  it('refuses a name with what to remove, never the name', () => {
    let error: unknown;
    try {
      assertNoIdentifiers('narrative', 'Maria Lopez needs groceries; she lives on Elm St');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const refusal = error as DomainError;
    expect(refusal.code).toBe('PRIVACY.IDENTIFIER_IN_TEXT');
    expect(refusal.details).toEqual({ field: 'narrative', found: ['personal_name', 'home_location'] });
    expect(refusal.message).toContain("a person's name");
    expect(refusal.message).toContain('where someone lives');
    for (const word of ['Maria', 'Lopez', 'Elm']) expect(refusal.message).not.toContain(word);
  });

  it('finds a name anywhere in a long narrative, across the windows it is tagged in', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => ['bus', 'pass', 'for', 'the', 'month', 'and', 'groceries'][i % 7]).join(' ');
    for (let at = 40; at <= 130; at += 3) {
      expect(detectPersonalInfo(`${filler(at)} Ms. hall ${filler(80)}`)).toEqual(['personal_name']);
      expect(detectPersonalInfo(`${filler(at)} and her son Tyler ${filler(80)}`)).toEqual(['personal_name']);
    }
    expect(detectPersonalInfo(`${filler(300)}. Greyhound ticket to Bangor in March.`)).toEqual([]);
  });

  it('never throws on odd text', () => {
    for (const text of ['', ' ', '\u0000\u200b', '😀😀', "'s", '--', 'A'.repeat(2_000), 'St. '.repeat(500), 'ß'.repeat(500), '\u202eevil', '%%% $$$ ###']) {
      expect(Array.isArray(detectPersonalInfo(text))).toBe(true);
    }
  });
});

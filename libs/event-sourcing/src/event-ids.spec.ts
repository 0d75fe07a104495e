import { eventIdFor } from './event-ids';

describe('eventIdFor', () => {
  it('is stable for a key, distinct per index and scope, and a valid UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = eventIdFor('k', 's', 0);
    expect(a).toMatch(uuid);
    expect(eventIdFor('k', 's', 0)).toBe(a);
    expect(eventIdFor('k', 's', 1)).not.toBe(a);
    expect(eventIdFor('k', 'other', 0)).not.toBe(a);
    expect(eventIdFor(undefined, 's', 0)).not.toBe(eventIdFor(undefined, 's', 0));
  });
});

import { deciderSpec } from '@fund/event-sourcing/testing';
import { payeeDecider, type RegisterPayee } from './payee.decider';
import type { PayeeEvent } from './payee.events';

const spec = deciderSpec(payeeDecider);
const register = (over: Partial<RegisterPayee['data']> = {}): RegisterPayee => ({
  type: 'RegisterPayee',
  data: { payeeId: 'maine-motel-llc', name: 'Maine Motel LLC', kind: 'business', taxId: '12-3456789', ...over },
});
const registered: PayeeEvent = { type: 'PayeeRegistered', data: { payeeId: 'maine-motel-llc', name: 'Maine Motel LLC', kind: 'business', taxId: '12-3456789' } };

describe('payee decider', () => {
  it('registers a business with its EIN', () => {
    spec.given([]).when(register()).then(registered);
  });

  it('registers an agency without a tax id', () => {
    spec
      .given([])
      .when(register({ payeeId: 'county-transit', name: 'County Transit Authority', kind: 'government_agency', taxId: null }))
      .then({ type: 'PayeeRegistered', data: { payeeId: 'county-transit', name: 'County Transit Authority', kind: 'government_agency', taxId: null } });
  });

  it('refuses a second registration of the same payee', () => {
    spec.given([registered]).when(register({ name: 'Another name' })).thenThrows('PAYEE.ALREADY_REGISTERED');
  });

  it.each([['123-45-6789'], ['123456789'], ['12-345678']])('refuses the tax id %p: only an EIN, never an SSN', (taxId) => {
    spec.given([]).when(register({ taxId })).thenThrows('PAYEE.TAX_ID_NOT_EIN', { field: 'taxId' });
  });
});

import { compileLabelSelector } from './labelSelector';

describe('compileLabelSelector', () => {
  const labels = {
    app: 'checkout',
    tier: 'backend',
    'backstage.io/kubernetes-id': 'checkout-service',
  };

  it.each([
    ['backstage.io/kubernetes-id=checkout-service', true],
    ['app==checkout,tier=backend', true],
    ['app!=checkout', false],
    ['app in (checkout, payment),tier notin (frontend)', true],
    ['app notin (checkout)', false],
    ['tier', true],
    ['!tier', false],
    ['missing=x', false],
  ])('%s -> %s', (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects malformed selectors with an InputError', () => {
    expect(() => compileLabelSelector('app in checkout')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});

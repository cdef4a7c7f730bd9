import { nameError, nameProblems } from './names';

describe('nameProblems', () => {
  it.each([
    ['loyalty-service', 'service'],
    ['gift-card-service', 'service'],
    ['wishlist-mfe', 'website'],
  ] as const)('accepts %s', (name, type) => {
    expect(nameProblems(name, type)).toEqual([]);
  });

  it.each([
    ['../etc-service', 'path separators'],
    ['a;rm-service', 'shell characters'],
    ['Loyalty-service', 'lower case'],
    ['loyalty', 'must end in "-service"'],
    ['-service', 'must end in "-service" after a word'],
    ['loyalty--service', 'words joined by single hyphens'],
    [`${'x'.repeat(30)}-service`, 'use at most 32'],
  ])('rejects %s with a message about %s', (name, message) => {
    expect(nameProblems(name, 'service').join('; ')).toContain(message);
  });

  it('holds micro-frontends to their own suffix', () => {
    expect(nameProblems('wishlist-service', 'website').join()).toContain(
      'must end in "-mfe"',
    );
  });
});

describe('nameError', () => {
  it('is one sentence naming the input and every problem', () => {
    expect(nameError('../X', 'service')).toBe(
      'Component name "../X" must not contain path separators or ".."; must be lower case; ' +
        'must be lower-case letters and digits in words joined by single hyphens, starting with a letter; ' +
        'must end in "-service" after a word (e.g. loyalty-service).',
    );
  });

  it('is undefined for a good name', () => {
    expect(nameError('wishlist-mfe', 'website')).toBeUndefined();
  });
});

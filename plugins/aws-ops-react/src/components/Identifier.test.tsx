import { render } from '@testing-library/react';
import { Identifier } from './Identifier';

const breaks = (text: string) =>
  render(<Identifier>{text}</Identifier>)
    .container.querySelector('code')!
    .innerHTML.split('<wbr>');

describe('Identifier', () => {
  it('may wrap between CamelCase words and after separators, not inside a word', () => {
    expect(breaks('AWS-AWSManagedRulesKnownBadInputsRuleSet')).toEqual([
      'AWS-',
      'AWS',
      'Managed',
      'Rules',
      'Known',
      'Bad',
      'Inputs',
      'Rule',
      'Set',
    ]);
    expect(breaks('ip-10-0-17-154.eu-west-1')).toEqual([
      'ip-',
      '10-',
      '0-',
      '17-',
      '154.',
      'eu-',
      'west-',
      '1',
    ]);
    expect(breaks('RateLimitLogin')).toEqual(['Rate', 'Limit', 'Login']);
  });
});

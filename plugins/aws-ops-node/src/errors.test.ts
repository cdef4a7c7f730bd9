import { NotAllowedError } from '@backstage/errors';
import { toErrorEntry } from './errors';

describe('toErrorEntry', () => {
  it.each([
    ['ThrottlingException', 'ServiceUnavailableError'],
    ['AccessDeniedException', 'NotAllowedError'],
    ['ResourceNotFoundException', 'NotFoundError'],
    ['SomethingElse', 'Error'],
  ])('maps %s to %s', (awsName, name) => {
    const error = Object.assign(new Error('boom'), { name: awsName });
    expect(toErrorEntry({ region: 'eu-west-1' }, error)).toEqual({
      scope: { region: 'eu-west-1' },
      name,
      message: `${awsName}: boom`,
    });
  });

  it('keeps Backstage errors as they are', () => {
    expect(toErrorEntry({}, new NotAllowedError('no'))).toEqual({
      scope: {},
      name: 'NotAllowedError',
      message: 'no',
    });
  });

  it('maps network failures to ServiceUnavailableError', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    expect(toErrorEntry({}, error).name).toBe('ServiceUnavailableError');
  });

  it('recognises a network failure the SDK wrapped by its message', () => {
    const error = new Error(
      'AWS SDK error wrapper for TimeoutError: socket hang up',
    );
    expect(toErrorEntry({}, error).name).toBe('ServiceUnavailableError');
  });
});

import { versionSupportText } from './levels';

describe('versionSupportText', () => {
  it('words each place a version can stand, never "undefined"', () => {
    expect(
      versionSupportText('1.34', {
        status: 'ending-soon',
        daysLeft: 9,
        endOfStandardSupport: '2026-12-02T00:00:00.000Z',
      }),
    ).toBe('Kubernetes 1.34 · standard support ends in 9 d (2026-12-02)');
    expect(
      versionSupportText('1.31', {
        status: 'ended',
        endOfStandardSupport: '2025-11-26T00:00:00.000Z',
        endOfExtendedSupport: '2026-11-26T00:00:00.000Z',
      }),
    ).toBe(
      'Kubernetes 1.31 · standard support ended 2025-11-26 (extended support until 2026-11-26)',
    );
    expect(
      versionSupportText('1.30', {
        status: 'ended',
        unsupported: true,
        endOfStandardSupport: '2025-07-23',
        endOfExtendedSupport: '2026-07-23',
      }),
    ).toBe(
      'Kubernetes 1.30 · standard support ended 2025-07-23, extended support ended 2026-07-23',
    );
    expect(
      versionSupportText('1.28', { status: 'ended', unsupported: true }),
    ).toBe(
      'Kubernetes 1.28 · standard and extended support ended (older than every supported version)',
    );
    expect(versionSupportText('1.40', { status: 'unknown' })).toBe(
      'Kubernetes 1.40 · not in the EKS API or the support table',
    );
  });
});

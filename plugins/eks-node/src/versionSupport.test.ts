import { compareVersions, evaluateVersionSupport } from './versionSupport';

const table = {
  versionSupport: [
    { version: '1.29', endOfStandardSupport: '2025-03-23' },
    { version: '1.30', endOfStandardSupport: '2025-07-23' },
    { version: '1.33', endOfStandardSupport: '2026-07-29' },
    { version: '1.34', endOfStandardSupport: '2026-12-02' },
  ],
  warnDaysBeforeEnd: 90,
};
const now = Date.parse('2026-12-01T12:00:00Z');

describe('evaluateVersionSupport', () => {
  it('takes status and dates from the EKS API when it lists the version', () => {
    const api = [
      {
        version: '1.33',
        status: 'EXTENDED_SUPPORT',
        endOfStandardSupport: '2026-07-29T00:00:00.000Z',
        endOfExtendedSupport: '2027-07-29T00:00:00.000Z',
      },
      {
        version: '1.35',
        status: 'STANDARD_SUPPORT',
        endOfStandardSupport: '2027-03-27T00:00:00.000Z',
        endOfExtendedSupport: '2028-03-27T00:00:00.000Z',
      },
      {
        version: '1.30',
        status: 'UNSUPPORTED',
        endOfStandardSupport: '2025-07-23T00:00:00.000Z',
        endOfExtendedSupport: '2026-07-23T00:00:00.000Z',
      },
    ];
    expect(evaluateVersionSupport('1.33', table, now, api)).toEqual({
      status: 'ended',
      source: 'eks-api',
      endOfStandardSupport: '2026-07-29T00:00:00.000Z',
      endOfExtendedSupport: '2027-07-29T00:00:00.000Z',
      daysLeft: -126,
    });
    // Not in the table at all: the API alone knows it.
    expect(evaluateVersionSupport('1.35', table, now, api)).toMatchObject({
      status: 'supported',
      source: 'eks-api',
      daysLeft: 115,
    });
    expect(evaluateVersionSupport('1.30', table, now, api)).toMatchObject({
      status: 'ended',
      source: 'eks-api',
      unsupported: true,
    });
    // Not listed by the API: the table stands in.
    expect(evaluateVersionSupport('1.34', table, now, api)).toEqual({
      status: 'ending-soon',
      source: 'config',
      endOfStandardSupport: '2026-12-02',
      daysLeft: 0,
    });
  });

  it('falls back to the config table without API data', () => {
    expect(evaluateVersionSupport('1.33', table, now)).toMatchObject({
      status: 'ended',
      source: 'config',
      endOfStandardSupport: '2026-07-29',
    });
    expect(
      evaluateVersionSupport('1.34', table, Date.parse('2026-06-01')),
    ).toMatchObject({ status: 'supported', source: 'config' });
  });

  it('calls a version older than every known one past support, never unknown', () => {
    for (const version of ['1.28', '1.9', '1.10']) {
      expect(evaluateVersionSupport(version, table, now)).toEqual({
        status: 'ended',
        source: 'config',
        unsupported: true,
      });
    }
    // Older than everything the API lists and the table holds.
    expect(
      evaluateVersionSupport('1.28', { ...table, versionSupport: [] }, now, [
        { version: '1.29', status: 'UNSUPPORTED' },
      ]),
    ).toMatchObject({ status: 'ended', source: 'eks-api' });
    // Between known versions, newer than all, or not a version: unknown.
    expect(evaluateVersionSupport('1.31', table, now).status).toBe('unknown');
    expect(evaluateVersionSupport('1.36', table, now).status).toBe('unknown');
    expect(evaluateVersionSupport('unknown', table, now).status).toBe(
      'unknown',
    );
    // Nothing known at all: unknown.
    expect(
      evaluateVersionSupport('1.28', { ...table, versionSupport: [] }, now)
        .status,
    ).toBe('unknown');
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.9', '1.10')).toBeLessThan(0);
    expect(compareVersions('1.28', '1.28')).toBe(0);
    expect(compareVersions('2.0', '1.35')).toBeGreaterThan(0);
  });
});

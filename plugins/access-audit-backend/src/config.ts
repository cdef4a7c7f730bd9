import { Config } from '@backstage/config';

/** The parsed `accessAudit` config block. */
export interface AccessAuditConfig {
  /** A secret last rotated (or, never rotated, created) longer ago is overdue. */
  rotationMaxAgeDays: number;
  /** A secret not read for longer (or never, and older than this) is unused. */
  unusedAfterDays: number;
  /** How long secrets listings are reused. */
  secretsTtlMs: number;
  /** How long resource policies are reused (one GetResourcePolicy per secret, 50/s quota). */
  resourcePolicyTtlMs: number;
}

export function readAccessAuditConfig(root: Config): AccessAuditConfig {
  const config = root.getOptionalConfig('accessAudit');
  const days = (key: string, fallback: number) => {
    const value = config?.getOptionalNumber(key) ?? fallback;
    if (!(value >= 0)) {
      throw new Error(`accessAudit.${key} must be a number of days >= 0`);
    }
    return value;
  };
  return {
    rotationMaxAgeDays: days('findings.rotationMaxAgeDays', 90),
    unusedAfterDays: days('findings.unusedAfterDays', 90),
    secretsTtlMs:
      (config?.getOptionalNumber('cache.secretsTtlSeconds') ?? 60) * 1000,
    resourcePolicyTtlMs:
      (config?.getOptionalNumber('cache.resourcePolicyTtlSeconds') ?? 300) *
      1000,
  };
}

export interface Config {
  /** The access-audit plugin: secrets metadata, IAM access and findings. */
  accessAudit?: {
    findings?: {
      /** A secret last rotated (or, never rotated, created) longer ago is a finding. Default 90. */
      rotationMaxAgeDays?: number;
      /** A secret not accessed for longer is a finding. Default 90. */
      unusedAfterDays?: number;
    };
    cache?: {
      /** How long secrets listings are reused. Default 60. */
      secretsTtlSeconds?: number;
      /** How long resource policies are reused (one GetResourcePolicy per secret). Default 300. */
      resourcePolicyTtlSeconds?: number;
    };
  };
}

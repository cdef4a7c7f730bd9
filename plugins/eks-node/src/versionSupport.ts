import {
  EksVersionSupport,
  EksVersionSupportStatus,
} from '@internal/backstage-plugin-eks-common';
import { EksConfig } from './config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One Kubernetes version as DescribeClusterVersions describes it. */
export interface EksApiVersion {
  /** e.g. `1.31`. */
  version: string;
  /** `STANDARD_SUPPORT`, `EXTENDED_SUPPORT` or `UNSUPPORTED`. */
  status?: string;
  /** ISO dates. */
  endOfStandardSupport?: string;
  endOfExtendedSupport?: string;
}

/** `1.9` < `1.10` < `1.28`; NaN parts sort as undefined (never "older"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function isVersion(version: string): boolean {
  return /^\d+\.\d+$/.test(version);
}

function statusOf(
  daysLeft: number,
  warnDaysBeforeEnd: number,
): EksVersionSupportStatus {
  if (daysLeft < 0) return 'ended';
  return daysLeft <= warnDaysBeforeEnd ? 'ending-soon' : 'supported';
}

/**
 * Where `version` stands: from the EKS API's calendar when it lists the
 * version (its status and end dates), else from the config table. A version
 * older than every version either source knows is past support (EKS drops
 * versions from both once extended support ends), never "unknown".
 */
export function evaluateVersionSupport(
  version: string,
  config: Pick<EksConfig, 'versionSupport' | 'warnDaysBeforeEnd'>,
  now: number,
  apiVersions: EksApiVersion[] = [],
): EksVersionSupport {
  const fromApi = apiVersions.find(v => v.version === version);
  if (fromApi?.endOfStandardSupport) {
    const daysLeft = Math.floor(
      (Date.parse(fromApi.endOfStandardSupport) - now) / DAY_MS,
    );
    const apiStatus = (fromApi.status ?? '').toUpperCase().replace(/-/g, '_');
    const extendedEnded =
      apiStatus === 'UNSUPPORTED' ||
      (fromApi.endOfExtendedSupport !== undefined &&
        Date.parse(fromApi.endOfExtendedSupport) < now);
    const status =
      apiStatus === 'EXTENDED_SUPPORT' || extendedEnded
        ? 'ended'
        : statusOf(daysLeft, config.warnDaysBeforeEnd);
    return {
      status,
      source: 'eks-api',
      endOfStandardSupport: fromApi.endOfStandardSupport,
      ...(fromApi.endOfExtendedSupport
        ? { endOfExtendedSupport: fromApi.endOfExtendedSupport }
        : {}),
      daysLeft,
      ...(extendedEnded ? { unsupported: true } : {}),
    };
  }
  const entry = config.versionSupport.find(e => e.version === version);
  if (entry) {
    const daysLeft = Math.floor(
      (Date.parse(entry.endOfStandardSupport) - now) / DAY_MS,
    );
    return {
      status: statusOf(daysLeft, config.warnDaysBeforeEnd),
      source: 'config',
      endOfStandardSupport: entry.endOfStandardSupport,
      daysLeft,
    };
  }
  const known = [
    ...apiVersions.map(v => v.version),
    ...config.versionSupport.map(e => e.version),
  ].filter(isVersion);
  if (
    isVersion(version) &&
    known.length > 0 &&
    known.every(other => compareVersions(version, other) < 0)
  ) {
    return {
      status: 'ended',
      source: apiVersions.length > 0 ? 'eks-api' : 'config',
      unsupported: true,
    };
  }
  return { status: 'unknown' };
}

import { EksVersionSupport } from '@internal/backstage-plugin-eks-common';
import { EksConfig } from './config';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where `version` stands against the dated EKS standard support table. */
export function evaluateVersionSupport(
  version: string,
  config: Pick<EksConfig, 'versionSupport' | 'warnDaysBeforeEnd'>,
  now: number,
): EksVersionSupport {
  const entry = config.versionSupport.find(e => e.version === version);
  if (!entry) {
    return { status: 'unknown' };
  }
  const daysLeft = Math.floor(
    (Date.parse(entry.endOfStandardSupport) - now) / DAY_MS,
  );
  let status: EksVersionSupport['status'] = 'supported';
  if (daysLeft < 0) {
    status = 'ended';
  } else if (daysLeft <= config.warnDaysBeforeEnd) {
    status = 'ending-soon';
  }
  return {
    status,
    endOfStandardSupport: entry.endOfStandardSupport,
    daysLeft,
  };
}

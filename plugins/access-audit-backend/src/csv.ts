import { StoreFinding } from '@internal/backstage-plugin-access-audit-common';
import { stringify } from 'csv-stringify/sync';

const COLUMNS: Array<[keyof StoreFinding, string]> = [
  ['severity', 'Severity'],
  ['type', 'Finding'],
  ['title', 'Title'],
  ['evidence', 'Evidence'],
  ['entityRef', 'Component'],
  ['system', 'System'],
  ['owner', 'Owner'],
  ['environment', 'Environment'],
  ['accountId', 'Account'],
  ['region', 'Region'],
  ['secretName', 'Secret'],
  ['secretArn', 'Secret ARN'],
  ['principalKind', 'Principal kind'],
  ['principalArn', 'Principal ARN'],
  ['id', 'Finding id'],
];

/**
 * Findings as CSV for audit records. Cells that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR) are prefixed with `'`: evidence
 * quotes catalog and IAM text that anyone able to edit them controls.
 */
export function findingsToCsv(findings: StoreFinding[]): string {
  return stringify(
    findings.map(f => COLUMNS.map(([key]) => f[key] ?? '')),
    {
      header: true,
      columns: COLUMNS.map(([, header]) => header),
      escape_formulas: true,
    },
  );
}

/**
 * Access tab and store-wide access-audit page.
 *
 * @packageDocumentation
 */
export { accessAuditPlugin as default } from './plugin';
export { AccessAuditNavGate } from './components/AccessAuditNavGate';

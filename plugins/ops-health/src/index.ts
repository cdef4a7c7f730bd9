/**
 * The on-call health overview page and home-page card.
 *
 * @packageDocumentation
 */
export { opsHealthPlugin as default } from './plugin';
export { opsHealthApiRef, type OpsHealthApi } from './api';

/**
 * The on-call health overview backend.
 *
 * @packageDocumentation
 */
export { opsHealthPlugin as default } from './plugin';

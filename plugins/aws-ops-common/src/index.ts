/**
 * Annotation constants and response types shared by the AWS ops plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './types';

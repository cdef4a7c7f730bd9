/**
 * The shared backend layer of the AWS ops plugins.
 *
 * @packageDocumentation
 */
export * from './cache';
export * from './claims';
export * from './clients';
export * from './config';
export * from './clock';
export * from './errors';
export * from './limits';
export * from './resolver';
export * from './service';
export * from './entityRoute';

/**
 * Component name rules of the inbestment software templates, shared by the form field (browser) and the scaffolder
 * actions (server), so both refuse the same names with the same messages.
 *
 * @packageDocumentation
 */
export * from './names';
export * from './uniqueness';

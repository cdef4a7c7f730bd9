/**
 * The portal's roles from catalog group membership: one rule for the
 * permission policy (which decides) and the app (which only chooses what to
 * show first).
 *
 * @packageDocumentation
 */
export * from './roles';

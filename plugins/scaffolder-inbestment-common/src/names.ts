export type ComponentType = 'service' | 'website';

/** Every new component name ends in its type's suffix, as the store's existing 28 do. */
export const NAME_SUFFIX: Record<ComponentType, string> = {
  service: '-service',
  website: '-mfe',
};

/** 32 is the longest ALB target group name; every other derived name fits within its own limit then. */
export const MAX_NAME_LENGTH = 32;
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Returns the reasons a component name is unacceptable, empty when it is fine.
 * The messages are shown to the person filling in the form, so they say what to do.
 */
export function nameProblems(name: string, type: ComponentType): string[] {
  const problems: string[] = [];
  const suffix = NAME_SUFFIX[type];
  if (name.length > MAX_NAME_LENGTH) {
    problems.push(
      `is ${name.length} characters long; use at most ${MAX_NAME_LENGTH}`,
    );
  }
  if (name.includes('/') || name.includes('..') || name.includes('\\')) {
    problems.push('must not contain path separators or ".."');
  }
  if (/[;&|`$<>(){}\s'"!*?]/.test(name)) {
    problems.push('must not contain spaces or shell characters');
  }
  if (/[A-Z]/.test(name)) {
    problems.push('must be lower case');
  }
  if (!NAME_PATTERN.test(name)) {
    problems.push(
      'must be lower-case letters and digits in words joined by single hyphens, starting with a letter',
    );
  }
  if (!name.endsWith(suffix) || name.length <= suffix.length + 1) {
    problems.push(
      `must end in "${suffix}" after a word (e.g. loyalty${suffix})`,
    );
  }
  return problems;
}

/** One sentence listing every problem of a name, or undefined when the name is fine. */
export function nameError(
  name: string,
  type: ComponentType,
): string | undefined {
  const problems = nameProblems(name, type);
  return problems.length > 0
    ? `Component name "${name}" ${problems.join('; ')}.`
    : undefined;
}

import { InputError } from '@backstage/errors';

type Requirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

const SET_BASED = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/;
const EXISTENCE = /^(!?)([\w./-]+)$/;

/** Splits on commas that are not inside a `( ... )` value list. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

function parseRequirement(text: string): Requirement {
  let match = SET_BASED.exec(text);
  if (match) {
    const values = match[3]
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    return { key: match[1], op: match[2] === 'in' ? 'in' : 'notIn', values };
  }
  match = EQUALITY.exec(text);
  if (match) {
    return {
      key: match[1],
      op: match[2] === '!=' ? 'notIn' : 'in',
      values: [match[3]],
    };
  }
  match = EXISTENCE.exec(text);
  if (match) {
    return { key: match[2], op: match[1] ? 'notExists' : 'exists' };
  }
  throw new InputError(`Invalid label selector requirement '${text}'`);
}

/**
 * Compiles a Kubernetes label selector (equality- and set-based, as kubectl
 * accepts them) into a predicate. Matching happens in-process so one list
 * call per namespace serves every entity.
 */
export function compileLabelSelector(
  selector: string,
): (labels: Record<string, string> | undefined) => boolean {
  const requirements = splitRequirements(selector).map(parseRequirement);
  if (requirements.length === 0) {
    throw new InputError('Empty label selector');
  }
  return (labels = {}) =>
    requirements.every(req => {
      const has = Object.prototype.hasOwnProperty.call(labels, req.key);
      switch (req.op) {
        case 'exists':
          return has;
        case 'notExists':
          return !has;
        case 'in':
          return has && req.values.includes(labels[req.key]);
        case 'notIn':
          return !has || !req.values.includes(labels[req.key]);
        default:
          return false;
      }
    });
}

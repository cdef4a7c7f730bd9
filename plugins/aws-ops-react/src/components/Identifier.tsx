import { Fragment } from 'react';

/**
 * Where a long identifier may wrap: where a CamelCase word starts (`rulesK`,
 * `AWSManaged`) and after `-`, `_`, `.`, `/` or `:`.
 */
const WORD_BOUNDARY =
  /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[-_./:])/;

/**
 * An identifier (a rule, metric or ARN) in code type that wraps only between
 * its words, never inside one: `AWSManagedRulesKnownBadInputsRuleSet` may
 * break before `Known`, not between `Kn` and `own`.
 */
export function Identifier(props: { children: string; title?: string }) {
  const parts = props.children.split(WORD_BOUNDARY);
  return (
    <code title={props.title}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

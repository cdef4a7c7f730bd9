import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import {
  ScorecardCheckResult,
  ScorecardLevel,
} from '@internal/backstage-plugin-scorecards-common';
import {
  FixLinks,
  formatFact,
  formatReadAt,
  levelTitle,
  OutcomeStatus,
  unknownText,
} from './common';

/** One check: outcome, why the store requires it, the facts it read, and the fix or why it is unknown. */
function CheckItem(props: { check: ScorecardCheckResult }) {
  const { check } = props;
  const facts = Object.entries(check.facts);
  return (
    <li
      data-testid="check"
      data-check-id={check.id}
      data-outcome={check.outcome}
      style={{ marginBottom: 8, listStyle: 'none' }}
    >
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <OutcomeStatus check={check} />
        <Typography variant="body2" component="span">
          <strong data-testid="check-name">{check.name}</strong>
        </Typography>
      </div>
      <div style={{ paddingLeft: 24 }}>
        {check.reason && (
          <Typography
            variant="caption"
            display="block"
            data-testid="check-reason"
          >
            {check.reason}
          </Typography>
        )}
        {check.outcome === 'unknown' && (
          <Typography
            variant="caption"
            display="block"
            color="error"
            data-testid="unknown-reason"
          >
            {unknownText(check)}
          </Typography>
        )}
        {facts.length > 0 && (
          <Typography
            variant="caption"
            display="block"
            color="textSecondary"
            data-testid="check-facts"
          >
            Facts:{' '}
            {facts.map(([name, value], index) => (
              <span key={name}>
                {index > 0 ? ', ' : ''}
                <code>{name}</code> = {formatFact(value)}
              </span>
            ))}
          </Typography>
        )}
        {check.factsReadAt && (
          <Typography
            variant="caption"
            display="block"
            color="textSecondary"
            data-testid="facts-read-at"
          >
            read {formatReadAt(check.factsReadAt)} · from {check.source}
          </Typography>
        )}
        {check.outcome === 'failed' && <FixLinks check={check} />}
      </div>
    </li>
  );
}

/**
 * A level's checks. A level whose checks all passed starts folded (one line:
 * "Bronze 6 of 6 passed"), so the card opens on what blocks the service.
 */
function LevelSection(props: {
  id: string;
  title: string;
  checks: ScorecardCheckResult[];
}) {
  const { checks } = props;
  const passed = checks.filter(c => c.outcome === 'passed').length;
  const [open, setOpen] = useState(passed < checks.length);
  return (
    <section data-testid="level-section" data-level={props.id} data-open={open}>
      <div
        style={{
          display: 'flex',
          alignItems: 'baseline',
          gap: 8,
          marginTop: 12,
        }}
      >
        <Typography variant="subtitle2" component="h3">
          {props.title}{' '}
          <Typography variant="caption" color="textSecondary" component="span">
            {passed} of {checks.length} passed
          </Typography>
        </Typography>
        <Button
          size="small"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          style={{ padding: '0 4px', minWidth: 0, textTransform: 'none' }}
        >
          {open
            ? 'Hide'
            : `Show the ${checks.length} check${
                checks.length === 1 ? '' : 's'
              }`}
        </Button>
      </div>
      <Collapse in={open}>
        <ul style={{ margin: '4px 0 0', padding: 0 }}>
          {checks.map(check => (
            <CheckItem key={check.id} check={check} />
          ))}
        </ul>
      </Collapse>
    </section>
  );
}

/** The checks under their level, lowest level first, in the order the backend gave. */
export function ChecksByLevel(props: {
  checks: ScorecardCheckResult[];
  levels: ScorecardLevel[];
}) {
  const { checks, levels } = props;
  const ids = [
    ...levels.map(level => level.id),
    ...checks
      .map(check => check.level)
      .filter(id => !levels.some(level => level.id === id)),
  ].filter((id, index, all) => all.indexOf(id) === index);
  return (
    <div data-testid="checks-by-level">
      {ids.map(id => {
        const ofLevel = checks.filter(check => check.level === id);
        if (ofLevel.length === 0) return null;
        return (
          <LevelSection
            key={id}
            id={id}
            title={levelTitle(levels, id)}
            checks={ofLevel}
          />
        );
      })}
    </div>
  );
}

import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { EntityScorecardResponse } from '@internal/backstage-plugin-scorecards-common';
import { scorecardsApiRef } from '../api';
import { ChecksByLevel } from './ChecksByLevel';
import {
  isNotAllowed,
  isNotFound,
  LevelChip,
  NextLevel,
  ReloadFailed,
  useKeptAsync,
  HEADING,
} from './common';
import { DemoDataBanner } from '@internal/backstage-plugin-aws-ops-react';

/** The scorecard itself: level, next level and what blocks it, then every check by level. */
export function ScorecardView(props: { response: EntityScorecardResponse }) {
  const { levels, scorecard } = props.response;
  const { counts } = scorecard;
  return (
    <div data-testid="scorecard" data-entity-ref={scorecard.entityRef}>
      <DemoDataBanner source={scorecard.demo ? 'demo' : 'aws'} />
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 8,
          marginBottom: 8,
        }}
      >
        <Typography variant="body1" component="span">
          Level
        </Typography>
        <LevelChip level={scorecard.level} levels={levels} size="medium" />
        <Typography
          variant="body2"
          color="textSecondary"
          component="span"
          data-testid="check-counts"
        >
          {counts.passed} passed · {counts.failed} failed · {counts.unknown}{' '}
          unknown of {counts.total} checks
        </Typography>
      </div>
      <NextLevel scorecard={scorecard} levels={levels} />
      <ChecksByLevel checks={scorecard.checks} levels={levels} />
    </div>
  );
}

/**
 * "Production readiness" on a service's overview: the level it reached, what
 * keeps it from the next one, and each check with its facts and fixes.
 */
export function ProductionReadinessCard() {
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, error, reloadError, loading, reload } = useKeptAsync(
    () => api.getEntityScorecard(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  let content;
  if (value) {
    content = (
      <>
        <ReloadFailed error={reloadError} />
        <ScorecardView response={value} />
      </>
    );
  } else if (error && isNotAllowed(error)) {
    content = (
      <Typography data-testid="scorecard-denied">
        You may not see the scorecard of {entity.metadata.name}.
      </Typography>
    );
  } else if (error && isNotFound(error)) {
    content = (
      <Typography data-testid="scorecard-not-found">
        {entity.metadata.name} has no production-readiness scorecard: it is not
        a scored service.
      </Typography>
    );
  } else if (error) {
    content = (
      <Alert severity="error" data-testid="scorecard-error">
        The scorecard could not be loaded: {error.message}
      </Alert>
    );
  } else {
    content = <Progress />;
  }

  return (
    <div data-testid="production-readiness-card">
      <InfoCard
        title="Production readiness"
        titleTypographyProps={HEADING}
        action={
          <IconButton
            aria-label="Reload the scorecard"
            onClick={reload}
            disabled={loading}
            size="small"
          >
            <RefreshIcon />
          </IconButton>
        }
      >
        {content}
      </InfoCard>
    </div>
  );
}

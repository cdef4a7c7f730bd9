import { DemoDataBanner } from '@internal/backstage-plugin-aws-ops-react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { Content, InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { scorecardsApiRef } from '../api';
import {
  isNotAllowed,
  ReloadFailed,
  ScorecardErrors,
  useKeptAsync,
  HEADING,
} from './common';
import { ServicesTable } from './ServicesTable';

/**
 * The Scorecards tab of a team: its services the viewer may read, ranked by
 * the backend, with the services that could not be scored next to them.
 */
export function TeamScorecardsContent() {
  const { entity } = useEntity();
  const api = useApi(scorecardsApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, error, reloadError, loading, reload } = useKeptAsync(
    () => api.getTeamScorecards(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );

  if (!value) {
    if (!error) return <Progress />;
    return (
      <Content>
        {isNotAllowed(error) ? (
          <Typography data-testid="team-scorecards-denied">
            You may not see the scorecards of{' '}
            {entity.metadata.title ?? entity.metadata.name}.
          </Typography>
        ) : (
          <Alert severity="error" data-testid="team-scorecards-error">
            The team's scorecards could not be loaded: {error.message}
          </Alert>
        )}
      </Content>
    );
  }

  const title = value.team.title || entity.metadata.name;
  return (
    <Content>
      <DemoDataBanner
        source={value.services.some(s => s.demo) ? 'demo' : 'aws'}
      />
      <ReloadFailed error={reloadError} />
      <ScorecardErrors errors={value.errors} />
      <div data-testid="team-ranking">
        <InfoCard
          title={`Production readiness of ${title}'s services`}
          titleTypographyProps={HEADING}
          subheader="Highest level first, then most checks passed, then fewest failed"
          action={
            <Button size="small" onClick={reload} disabled={loading}>
              Reload
            </Button>
          }
        >
          <ServicesTable
            label="Team ranking"
            services={value.services}
            levels={value.levels}
            rank
          />
        </InfoCard>
      </div>
    </Content>
  );
}

import { Link } from '@backstage/core-components';
import { EntityInfoCard, useEntity } from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ONCALL_CHANNEL_ANNOTATION } from './annotations';

const useStyles = makeStyles(theme => ({
  channel: {
    fontSize: theme.typography.h5.fontSize,
    fontWeight: 'bold',
    overflowWrap: 'anywhere',
  },
}));

/** Where the team is paged (`inbestment.io/oncall-channel`), first on its page. */
export const OnCallCard = () => {
  const classes = useStyles();
  const { entity } = useEntity();
  const channel = entity.metadata.annotations?.[ONCALL_CHANNEL_ANNOTATION];
  const team = entity.metadata.title ?? entity.metadata.name;

  return (
    <EntityInfoCard title="On-call">
      {channel ? (
        <>
          <Typography className={classes.channel} data-testid="oncall-channel">
            {channel}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Where {team} is paged. The <Link to="/health">health overview</Link>{' '}
            shows it next to each component the team owns.
          </Typography>
        </>
      ) : (
        <Typography variant="body2">
          No on-call channel: add the <code>{ONCALL_CHANNEL_ANNOTATION}</code>{' '}
          annotation to this group.
        </Typography>
      )}
    </EntityInfoCard>
  );
};

import { InfoCard } from '@backstage/core-components';
import type { RendererProps } from '@backstage/plugin-home-react';
import { makeStyles } from '@material-ui/core/styles';

const useFrameStyles = makeStyles({
  // The list scrolls inside whatever height the home grid gives the card.
  content: { overflowY: 'auto', minHeight: 0 },
});

/**
 * The card's frame: it fills its cell of the home grid, its list scrolls
 * inside it, and the link to the overview stays in view below the list, so
 * a long list is never cut off by the cell's fixed height.
 */
export function RedNowFrame({ title, Content, Actions }: RendererProps) {
  const classes = useFrameStyles();
  return (
    <InfoCard
      title={title}
      variant="fullHeight"
      cardClassName={classes.content}
      actions={Actions ? <Actions /> : undefined}
    >
      <Content />
    </InfoCard>
  );
}

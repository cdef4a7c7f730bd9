import { Fragment, useMemo } from 'react';
import { Content } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';

/**
 * Twelve grid columns from the `md` breakpoint up. Backstage's default grid
 * has ten at `md` (960-1280 px of content, a 1440 px screen), where a row of
 * three 4-column cards from the 12-column default layout no longer fits and
 * the third card drops below the others.
 */
const cols = { xl: 12, lg: 12, md: 12, sm: 6, xs: 4, xxs: 2 };

/** The home page's customisable grid, as Backstage's default layout builds it. */
export const HomeLayout = ({ widgets, defaultConfig }: HomePageLayoutProps) => {
  const config = useMemo(
    () =>
      defaultConfig?.map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    [defaultConfig],
  );
  return (
    <Content>
      <CustomHomepageGrid config={config} cols={cols}>
        {widgets.map((widget, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
};

import { ReactNode } from 'react';
import { Helmet } from 'react-helmet';
import { useLocation } from 'react-router-dom';
import {
  appTreeApiRef,
  configApiRef,
  coreExtensionData,
  useApi,
} from '@backstage/frontend-plugin-api';

/**
 * The browser tab names the page and the portal ("Catalog | inbestment
 * portal"), from the title of the page extension at the current path. It is
 * the outermost react-helmet default, the mechanism Backstage's own pages use:
 * an entity page or a page with the classic header names itself more
 * precisely and wins while it is shown. Without one always mounted, the last
 * such title stayed after leaving its page, and the sign-in page's after
 * signing in.
 *
 * It is mounted afresh on every path (`key`): react-helmet ranks instances by
 * mount order and is not safe with React 18's concurrent rendering; leaving
 * an entity page left that page's title registered, and only an instance
 * mounted later outranks it.
 */
export const DocumentTitle = (props: { children: ReactNode }) => {
  const { pathname } = useLocation();
  const appTree = useApi(appTreeApiRef);
  const appTitle = useApi(configApiRef).getString('app.title');
  const pageTitle = appTree
    .getNodesByRoutePath(pathname)
    .nodes.map(node => node.instance?.getData(coreExtensionData.title))
    .filter(Boolean)
    .pop();

  return (
    <>
      <Helmet
        key={pathname}
        defaultTitle={pageTitle ? `${pageTitle} | ${appTitle}` : appTitle}
      />
      {props.children}
    </>
  );
};

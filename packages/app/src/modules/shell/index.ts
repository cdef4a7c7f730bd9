import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { AppRootWrapperBlueprint } from '@backstage/plugin-app-react';
import { DocumentTitle } from './DocumentTitle';

/** Wraps the signed-in app: its wrappers render only after sign-in. */
const documentTitle = AppRootWrapperBlueprint.make({
  name: 'document-title',
  params: { component: DocumentTitle },
});

export const shellModule = createFrontendModule({
  pluginId: 'app',
  extensions: [documentTitle],
});

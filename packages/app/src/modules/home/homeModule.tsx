import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

const layout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomeLayout').then(m => m.HomeLayout),
  },
});

const yourTools = HomePageWidgetBlueprint.make({
  name: 'your-tools',
  params: {
    name: 'YourTools',
    title: 'Your tools',
    description: "The tools of your roles, each role's own first",
    components: () =>
      import('./YourTools').then(m => ({ Content: m.YourTools })),
  },
});

const portalGuide = HomePageWidgetBlueprint.make({
  name: 'portal-guide',
  params: {
    name: 'PortalGuide',
    title: 'Find your way',
    description: 'Where each kind of portal user starts',
    components: () =>
      import('./PortalGuide').then(m => ({ Content: m.PortalGuide })),
  },
});

const myTeamComponents = HomePageWidgetBlueprint.make({
  name: 'my-team-components',
  params: {
    name: 'MyTeamComponents',
    title: "My teams' components",
    description: 'Components owned by the teams you belong to',
    components: () =>
      import('./MyTeamComponents').then(m => ({
        Content: m.MyTeamComponents,
      })),
  },
});

const templates = HomePageWidgetBlueprint.make({
  name: 'templates',
  params: {
    name: 'StoreTemplates',
    title: 'Create something new',
    description: 'Software templates for the store',
    components: () =>
      import('./StoreTemplates').then(m => ({ Content: m.StoreTemplates })),
  },
});

const documentation = HomePageWidgetBlueprint.make({
  name: 'documentation',
  params: {
    name: 'StoreDocs',
    title: 'Documentation by system',
    description: 'TechDocs of the store, grouped by system',
    components: () =>
      import('./StoreDocs').then(m => ({ Content: m.StoreDocs })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    layout,
    yourTools,
    portalGuide,
    myTeamComponents,
    templates,
    documentation,
  ],
});

import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogModule } from './modules/catalog';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { shellModule } from './modules/shell';
import { signInModule } from './modules/signIn';
import { catalogGraphModule, teamModule } from './modules/team';

export default createApp({
  features: [
    catalogPlugin,
    catalogModule,
    teamModule,
    catalogGraphModule,
    navModule,
    shellModule,
    homeModule,
    signInModule,
  ],
});

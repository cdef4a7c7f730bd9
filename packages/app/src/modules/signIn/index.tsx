import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { LocalSignInPage } from './LocalSignInPage';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';

/**
 * Local default (auth.providers.demo configured): guest or one demo user per role.
 * Production: the OIDC provider and GitHub; the backend maps both to catalog users.
 */
function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (config.has('auth.providers.demo.users')) {
    return <LocalSignInPage {...props} />;
  }
  return (
    <SignInPage
      {...props}
      providers={[
        {
          id: 'oidc',
          title: 'Single sign-on',
          message: "Sign in with your company's identity provider",
          apiRef: oidcAuthApiRef,
        },
        {
          id: 'github',
          title: 'GitHub',
          message: 'Sign in with GitHub',
          apiRef: githubAuthApiRef,
        },
      ]}
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <PortalSignInPage {...props} />,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});

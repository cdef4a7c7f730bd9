import { useState } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { configApiRef, IdentityApi, useApi } from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/** Remembers the chosen demo user across reloads, until sign-out. */
const STORAGE_KEY = 'inbestment.localSignIn';
const DEMO_USER_HEADER = 'x-inbestment-demo-user';

type Choice = { provider: 'guest' | 'demo'; userEntityRef?: string };

function storedChoice(): Choice | undefined {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the choice on sign-out, so the page asks again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

/**
 * Local sign-in: the guest (demo-developer) or one demo user per role from
 * auth.providers.demo.users. Both are proxy providers the backend offers only in
 * local development.
 */
export function LocalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const [choice, setChoice] = useState(storedChoice);
  const users =
    config.getOptionalConfigArray('auth.providers.demo.users')?.map(user => ({
      role: user.getString('role'),
      userEntityRef: user.getString('userEntityRef'),
    })) ?? [];

  if (choice) {
    return (
      <ProxiedSignInPage
        provider={choice.provider}
        headers={
          choice.userEntityRef
            ? { [DEMO_USER_HEADER]: choice.userEntityRef }
            : undefined
        }
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Sign-in failed" />
            <Content>
              <Typography paragraph>{error?.message}</Typography>
              <Button
                variant="outlined"
                onClick={() => {
                  localStorage.removeItem(STORAGE_KEY);
                  setChoice(undefined);
                }}
              >
                Back to sign-in
              </Button>
            </Content>
          </Page>
        )}
      />
    );
  }

  const choose = (next: Choice) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setChoice(next);
  };
  return (
    <Page themeId="home">
      <Header title={config.getString('app.title')} />
      <Content>
        <ContentHeader title="Select a sign-in method" />
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <InfoCard title="Guest" subheader="Signs in as demo-developer">
              <Button
                variant="contained"
                color="primary"
                onClick={() => choose({ provider: 'guest' })}
              >
                Enter
              </Button>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={8}>
            <InfoCard
              title="Act as a role"
              subheader="Local demo users, one per role (see the README's permission matrix)"
            >
              <Grid container spacing={1}>
                {users.map(user => (
                  <Grid item key={user.userEntityRef}>
                    <Button
                      variant="outlined"
                      onClick={() =>
                        choose({
                          provider: 'demo',
                          userEntityRef: user.userEntityRef,
                        })
                      }
                    >
                      {`Sign in as ${user.role}`}
                    </Button>
                  </Grid>
                ))}
              </Grid>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}

import { MarkdownContent } from '@backstage/core-components';

const guide = `
**Developers** start a new service, micro-frontend, pipeline or Terraform stack
from [Create](/create), and find the APIs they call under [APIs](/api-docs).

**Team leads** browse [the catalog](/catalog) by owner and system, and see what
each team owns and its on-call channel on its [team page](/catalog?filters%5Bkind%5D=group&filters%5Btype%5D=team&filters%5Buser%5D=all).

**On-call engineers** start from the [health overview](/health), then open a
component's page for its alarms, rollouts and WAF events and its runbook in
the *Docs* tab.

**Auditors** review every component's secrets and who can read them in the
[access audit](/access-audit), and the store's [AWS resources](/catalog?filters%5Bkind%5D=resource&filters%5Buser%5D=all)
with their owners.
`;

export const PortalGuide = () => <MarkdownContent content={guide} />;

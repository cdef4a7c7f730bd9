import { MarkdownContent } from '@backstage/core-components';

const guide = `
**Developers** start a new service, micro-frontend, pipeline or Terraform stack
from [Create](/create), and find the APIs they call under [APIs](/api-docs).

**Team leads** browse [the catalog](/catalog) by owner and system, and see what
each team owns on its [team page](/catalog?filters%5Bkind%5D=group).

**On-call engineers** open a component's page for its runbook and on-call notes
in the *Docs* tab, and its live state in the AWS tabs.

**Auditors** review the store's [resources](/catalog?filters%5Bkind%5D=resource)
(secrets, roles, web ACLs) and their owners.
`;

export const PortalGuide = () => <MarkdownContent content={guide} />;

import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  AccessAuditEntityResponse,
  AccessAuditFindingsResponse,
  FindingSeverity,
  FindingType,
} from '@internal/backstage-plugin-access-audit-common';

/** Filters of the store-wide findings; empty means all. */
export interface FindingsQuery {
  severity?: FindingSeverity[];
  type?: FindingType[];
  system?: string;
  owner?: string;
}

/** A downloaded export: the file name the backend chose and its content. */
export interface FindingsExport {
  fileName: string;
  blob: Blob;
}

/** Reads the access-audit backend. */
export interface AccessAuditApi {
  getEntityAudit(
    entityRef: CompoundEntityRef,
  ): Promise<AccessAuditEntityResponse>;
  getFindings(query: FindingsQuery): Promise<AccessAuditFindingsResponse>;
  exportFindings(
    query: FindingsQuery,
    format: 'csv' | 'json',
  ): Promise<FindingsExport>;
}

export const accessAuditApiRef = createApiRef<AccessAuditApi>({
  id: 'plugin.access-audit.api',
});

function queryString(query: FindingsQuery, format?: 'csv' | 'json') {
  const params = new URLSearchParams();
  if (query.severity?.length) params.set('severity', query.severity.join(','));
  if (query.type?.length) params.set('type', query.type.join(','));
  if (query.system?.trim()) params.set('system', query.system.trim());
  if (query.owner?.trim()) params.set('owner', query.owner.trim());
  if (format) params.set('format', format);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class AccessAuditClient implements AccessAuditApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get(path: string): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('access-audit');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async getEntityAudit(
    entityRef: CompoundEntityRef,
  ): Promise<AccessAuditEntityResponse> {
    const path = [entityRef.kind, entityRef.namespace, entityRef.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    return (await this.get(`/entities/${path}/secrets`)).json();
  }

  async getFindings(
    query: FindingsQuery,
  ): Promise<AccessAuditFindingsResponse> {
    return (await this.get(`/findings${queryString(query)}`)).json();
  }

  async exportFindings(
    query: FindingsQuery,
    format: 'csv' | 'json',
  ): Promise<FindingsExport> {
    const response = await this.get(`/findings${queryString(query, format)}`);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName =
      /filename="([^"]+)"/.exec(disposition)?.[1] ??
      `access-audit-findings.${format}`;
    return { fileName, blob: await response.blob() };
  }
}

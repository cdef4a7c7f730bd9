import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  EntityScorecardResponse,
  StoreScorecardsResponse,
  TeamScorecardsResponse,
} from '@internal/backstage-plugin-scorecards-common';

/** A downloaded export: the file name the backend chose and its content. */
export interface ScorecardsExport {
  fileName: string;
  blob: Blob;
}

/** Reads the scorecards backend (`/api/scorecards`), as the signed-in viewer. */
export interface ScorecardsApi {
  /** One service's scorecard; 403 when the viewer may not read it, 404 when it is not a scored service. */
  getEntityScorecard(
    entityRef: CompoundEntityRef,
  ): Promise<EntityScorecardResponse>;
  /** A team's services the viewer may read, ranked by the backend. */
  getTeamScorecards(
    teamRef: CompoundEntityRef,
  ): Promise<TeamScorecardsResponse>;
  /** Every service, ranked, with the services per level of each team. */
  getStoreScorecards(): Promise<StoreScorecardsResponse>;
  /** The store-wide CSV export. */
  exportStoreCsv(): Promise<ScorecardsExport>;
}

export const scorecardsApiRef = createApiRef<ScorecardsApi>({
  id: 'plugin.scorecards.api',
});

const pathOf = (...parts: string[]) =>
  parts
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');

export class ScorecardsClient implements ScorecardsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get(path: string): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('scorecards');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  async getEntityScorecard(
    entityRef: CompoundEntityRef,
  ): Promise<EntityScorecardResponse> {
    const path = pathOf(entityRef.kind, entityRef.namespace, entityRef.name);
    return (await this.get(`/entities/${path}`)).json();
  }

  async getTeamScorecards(
    teamRef: CompoundEntityRef,
  ): Promise<TeamScorecardsResponse> {
    return (
      await this.get(`/teams/${pathOf(teamRef.namespace, teamRef.name)}`)
    ).json();
  }

  async getStoreScorecards(): Promise<StoreScorecardsResponse> {
    return (await this.get('/services')).json();
  }

  async exportStoreCsv(): Promise<ScorecardsExport> {
    const response = await this.get('/services?format=csv');
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName =
      /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'scorecards.csv';
    return { fileName, blob: await response.blob() };
  }
}

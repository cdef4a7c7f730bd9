import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsClientSettings } from '@internal/backstage-plugin-aws-ops-node';

/** An error answer of the WAFV2 JSON API, with AWS's error name. */
export class WafV2Error extends Error {
  constructor(name: string, message: string, readonly statusCode: number) {
    super(message);
    this.name = name;
  }
}

/**
 * A minimal AWS WAFV2 client (JSON 1.1 protocol, SigV4-signed) for the few
 * operations the plugin calls. `@aws-sdk/client-wafv2` is not among the
 * project's installed packages; this client takes the same settings from the
 * shared client factory (region, per-account credentials, endpoint override)
 * so it can be swapped for the SDK client without touching its callers.
 */
export class WafV2JsonClient {
  private readonly signer: SignatureV4;

  constructor(private readonly settings: AwsClientSettings) {
    this.signer = new SignatureV4({
      credentials: settings.credentials,
      region: settings.region,
      service: 'wafv2',
      sha256: Sha256,
    });
  }

  /** Calls `operation` (e.g. `GetWebACL`) with `input`; retries throttling like the SDK's adaptive mode would. */
  async send<T = any>(operation: string, input: object): Promise<T> {
    const url = new URL(
      this.settings.endpoint ??
        `https://wafv2.${this.settings.region}.amazonaws.com`,
    );
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      const signed = await this.signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname || '/',
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSWAF_20190729.${operation}`,
        },
        body,
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: signed.headers,
        body,
      });
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : {}) as T;
      let name = 'WAFServiceError';
      let message = text.slice(0, 300);
      try {
        const error = JSON.parse(text);
        name = String(error.__type ?? name).replace(/^.*#/, '');
        message = error.message ?? error.Message ?? message;
      } catch {
        // not JSON: keep the text
      }
      const retryable =
        response.status >= 500 || /Throttl|LimitExceeded/.test(name);
      if (!retryable || attempt >= this.settings.maxAttempts) {
        throw new WafV2Error(name, message, response.status);
      }
      await new Promise(r => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

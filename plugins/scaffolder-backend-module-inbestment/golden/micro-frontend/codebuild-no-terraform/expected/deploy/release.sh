#!/usr/bin/env bash
# Releases gift-card-mfe to S3 + CloudFront, blue/green by origin path:
# every build goes to its own prefix releases/<version>/, then the distribution's origin path is switched to it and
# the cache invalidated. The previous prefix stays in the bucket, so rollback is one more switch.
#   release.sh deploy <staging|prod> <version>
#   release.sh rollback <staging|prod>
set -euo pipefail

REGION='eu-west-1'
COMPONENT='gift-card-mfe'

action="$1"
env="$2"
case "$env" in
  staging) account='444455556666' ;;
  prod) account='111122223333' ;;
  *) echo "unknown environment: $env" >&2; exit 2 ;;
esac
bucket="inbestment-gift-card-mfe-$account"
distribution="$(aws cloudfront list-distributions \
  --query "DistributionList.Items[?Comment=='$COMPONENT'].Id | [0]" --output text)"

switch_origin() {
  local path="$1" etag config
  config="$(aws cloudfront get-distribution-config --id "$distribution")"
  etag="$(jq -r .ETag <<<"$config")"
  jq --arg p "$path" '.DistributionConfig | .Origins.Items[0].OriginPath = $p' <<<"$config" >/tmp/dist.json
  aws cloudfront update-distribution --id "$distribution" --if-match "$etag" \
    --distribution-config file:///tmp/dist.json >/dev/null
  aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' >/dev/null
  aws s3 cp - "s3://$bucket/releases/CURRENT" <<<"$path"
}

case "$action" in
  deploy)
    version="$3"
    previous="$(aws s3 cp "s3://$bucket/releases/CURRENT" - 2>/dev/null || true)"
    # Hashed bundles are immutable; remoteEntry.js and index.html must always be revalidated.
    aws s3 sync dist/browser "s3://$bucket/releases/$version" --region "$REGION" \
      --cache-control 'public,max-age=31536000,immutable' --exclude remoteEntry.js --exclude index.html
    aws s3 cp dist/browser/remoteEntry.js "s3://$bucket/releases/$version/remoteEntry.js" --cache-control 'no-cache'
    aws s3 cp dist/browser/index.html "s3://$bucket/releases/$version/index.html" --cache-control 'no-cache'
    [ -n "$previous" ] && aws s3 cp - "s3://$bucket/releases/PREVIOUS" <<<"$previous"
    switch_origin "/releases/$version"
    if ! curl -fsS "https://$(aws cloudfront get-distribution --id "$distribution" \
      --query Distribution.DomainName --output text)/remoteEntry.js" >/dev/null; then
      [ -n "$previous" ] && switch_origin "$previous"
      echo "smoke test failed; rolled back to $previous" >&2
      exit 1
    fi
    ;;
  rollback)
    previous="$(aws s3 cp "s3://$bucket/releases/PREVIOUS" -)"
    switch_origin "$previous"
    ;;
  *) echo "usage: $0 deploy <env> <version> | rollback <env>" >&2; exit 2 ;;
esac

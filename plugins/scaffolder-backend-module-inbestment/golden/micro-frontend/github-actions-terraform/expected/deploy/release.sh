#!/usr/bin/env bash
# Releases wishlist-mfe into the store's storefront-cdn, the way every store micro-frontend ships
# (store-services/shell-mfe/docs/architecture.md): each build goes to releases/<version>/ of the bucket, the live copy
# is mfe/<base>/ served by the storefront-cdn behaviour /mfe/wishlist/*, and the shell finds the remote in its
# manifest /mfe/shell/mf.manifest.json. Rollback syncs the previous release back into the live prefix.
#   release.sh deploy <staging|prod> <version>
#   release.sh rollback <staging|prod>
set -euo pipefail

REGION='eu-west-1'
COMPONENT='wishlist-mfe'
LIVE_PATH='/mfe/wishlist/' # /mfe/<base>/, the URL path and the live key prefix
LIVE_PREFIX="${LIVE_PATH#/}"
REMOTE_ENTRY="${LIVE_PATH}remoteEntry.js"
# AWS managed cache policy Managed-CachingOptimized (the same id in every account).
CACHING_OPTIMIZED='658327ea-f89d-4fab-a63d-7e88639e58f6'

action="${1:-}"
env="${2:-}"
case "$env" in
  staging) host='staging.inbestment.shop' ;;
  prod) host='www.inbestment.shop' ;;
  *) echo "unknown environment: $env" >&2; exit 2 ;;
esac
bucket="inbestment-wishlist-mfe-$env"
shell_bucket="inbestment-shell-mfe-$env"
distribution="$(aws cloudfront list-distributions \
  --query "DistributionList.Items[?Aliases.Items[0]=='$host'].Id | [0]" --output text)"
if [ -z "$distribution" ] || [ "$distribution" = None ]; then
  echo "storefront-cdn ($host) not found in this account" >&2
  exit 1
fi
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

# Adds this bucket as an origin and ${LIVE_PATH}* as a cache behaviour of storefront-cdn, once (the first release).
join_storefront_cdn() {
  local config etag oac headers
  config="$(aws cloudfront get-distribution-config --id "$distribution")"
  if jq -e --arg p "${LIVE_PATH}*" \
    '.DistributionConfig.CacheBehaviors.Items // [] | any(.PathPattern == $p)' <<<"$config" >/dev/null; then
    return 0
  fi
  etag="$(jq -r .ETag <<<"$config")"
  # Created by this component's Terraform, named after the bucket.
  oac="$(aws cloudfront list-origin-access-controls \
    --query "OriginAccessControlList.Items[?Name=='$bucket'].Id | [0]" --output text)"
  headers="$(aws cloudfront list-response-headers-policies --type custom \
    --query "ResponseHeadersPolicyList.Items[?ResponseHeadersPolicy.ResponseHeadersPolicyConfig.Name=='storefront-security-headers'].ResponseHeadersPolicy.Id | [0]" \
    --output text)"
  if [ "$oac" = None ] || [ "$headers" = None ]; then
    echo "origin access control $bucket (this component's Terraform) or policy storefront-security-headers missing" >&2
    return 1
  fi
  jq --arg id "$bucket" --arg domain "$bucket.s3.$REGION.amazonaws.com" --arg oac "$oac" \
    --arg pattern "${LIVE_PATH}*" --arg cache "$CACHING_OPTIMIZED" --arg headers "$headers" '
    .DistributionConfig
    | .Origins.Items += [{
        Id: $id, DomainName: $domain, OriginPath: "", OriginAccessControlId: $oac,
        S3OriginConfig: { OriginAccessIdentity: "" },
        CustomHeaders: { Quantity: 0 }, ConnectionAttempts: 3, ConnectionTimeout: 10
      }]
    | .Origins.Quantity = (.Origins.Items | length)
    | .CacheBehaviors.Items = ((.CacheBehaviors.Items // []) + [{
        PathPattern: $pattern, TargetOriginId: $id, ViewerProtocolPolicy: "redirect-to-https",
        AllowedMethods: { Quantity: 3, Items: ["GET", "HEAD", "OPTIONS"],
                          CachedMethods: { Quantity: 2, Items: ["GET", "HEAD"] } },
        Compress: true, CachePolicyId: $cache, ResponseHeadersPolicyId: $headers,
        SmoothStreaming: false, FieldLevelEncryptionId: "",
        LambdaFunctionAssociations: { Quantity: 0 }, FunctionAssociations: { Quantity: 0 },
        TrustedSigners: { Enabled: false, Quantity: 0 }, TrustedKeyGroups: { Enabled: false, Quantity: 0 }
      }])
    | .CacheBehaviors.Quantity = (.CacheBehaviors.Items | length)' <<<"$config" >"$workdir/distribution.json"
  aws cloudfront update-distribution --id "$distribution" --if-match "$etag" \
    --distribution-config "file://$workdir/distribution.json" >/dev/null
  echo "waiting for storefront-cdn to deploy the new behaviour ${LIVE_PATH}*"
  aws cloudfront wait distribution-deployed --id "$distribution"
}

# Adds this remote to the shell's manifest once; a conditional write keeps concurrent registrations from losing one.
register_in_shell_manifest() {
  local key="mfe/shell/mf.manifest.json" etag attempt
  for attempt in 1 2 3 4 5; do
    etag="$(aws s3api head-object --bucket "$shell_bucket" --key "$key" --query ETag --output text)"
    aws s3api get-object --bucket "$shell_bucket" --key "$key" --if-match "$etag" "$workdir/manifest.json" >/dev/null
    if jq -e --arg name "$COMPONENT" --arg entry "$REMOTE_ENTRY" '.[$name] == $entry' \
      "$workdir/manifest.json" >/dev/null; then
      return 0
    fi
    jq --arg name "$COMPONENT" --arg entry "$REMOTE_ENTRY" '.[$name] = $entry' \
      "$workdir/manifest.json" >"$workdir/manifest.new.json"
    if aws s3api put-object --bucket "$shell_bucket" --key "$key" --if-match "$etag" \
      --body "$workdir/manifest.new.json" --content-type application/json --cache-control no-cache >/dev/null; then
      invalidate "/$key"
      return 0
    fi
    echo "the shell's manifest changed meanwhile (attempt $attempt); retrying" >&2
    sleep $((attempt * 2))
  done
  echo "could not register $COMPONENT in the shell's manifest" >&2
  return 1
}

# Invalidates the given paths and waits until CloudFront has finished, so what follows sees the new files.
invalidate() {
  local id
  id="$(aws cloudfront create-invalidation --distribution-id "$distribution" --paths "$@" \
    --query Invalidation.Id --output text)"
  aws cloudfront wait invalidation-completed --distribution-id "$distribution" --id "$id"
}

# Makes releases/<version>/ the live copy.
go_live() {
  local version="$1"
  aws s3 sync "s3://$bucket/releases/$version/" "s3://$bucket/$LIVE_PREFIX" --delete --region "$REGION"
  invalidate "$REMOTE_ENTRY" "${LIVE_PATH}index.html"
  aws s3 cp - "s3://$bucket/releases/CURRENT" <<<"$version"
}

# The remote entry the store serves is the one this release built.
smoke_test() {
  local version="$1" expected served
  aws s3 cp "s3://$bucket/releases/$version/remoteEntry.js" "$workdir/expected.js" --quiet
  expected="$(sha256sum <"$workdir/expected.js")"
  served="$(curl -fsS --retry 3 -H 'Cache-Control: no-cache' "https://$host$REMOTE_ENTRY" | sha256sum)"
  [ "$served" = "$expected" ]
}

case "$action" in
  deploy)
    version="${3:?usage: $0 deploy <env> <version>}"
    previous="$(aws s3 cp "s3://$bucket/releases/CURRENT" - 2>/dev/null || true)"
    # Hashed bundles are immutable; remoteEntry.js and index.html must always be revalidated.
    aws s3 sync dist/browser "s3://$bucket/releases/$version" --region "$REGION" \
      --cache-control 'public,max-age=31536000,immutable' --exclude remoteEntry.js --exclude index.html
    aws s3 cp dist/browser/remoteEntry.js "s3://$bucket/releases/$version/remoteEntry.js" --cache-control 'no-cache'
    aws s3 cp dist/browser/index.html "s3://$bucket/releases/$version/index.html" --cache-control 'no-cache'
    join_storefront_cdn
    if [ -n "$previous" ] && [ "$previous" != "$version" ]; then
      aws s3 cp - "s3://$bucket/releases/PREVIOUS" <<<"$previous"
    fi
    go_live "$version"
    if ! smoke_test "$version"; then
      if [ -n "$previous" ] && [ "$previous" != "$version" ]; then
        go_live "$previous"
        echo "smoke test failed; rolled back to $previous" >&2
      else
        echo "smoke test failed; no previous release to roll back to" >&2
      fi
      exit 1
    fi
    register_in_shell_manifest
    ;;
  rollback)
    previous="$(aws s3 cp "s3://$bucket/releases/PREVIOUS" -)"
    go_live "$previous"
    ;;
  *) echo "usage: $0 deploy <env> <version> | rollback <env>" >&2; exit 2 ;;
esac

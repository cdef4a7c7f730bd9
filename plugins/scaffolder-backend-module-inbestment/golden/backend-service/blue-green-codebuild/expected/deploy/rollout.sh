#!/usr/bin/env bash
# Deploys gift-card-service to EKS and rolls it back.
#   rollout.sh deploy <staging|prod> <image-tag> <rolling|canary|blue-green>
#   rollout.sh rollback <staging|prod>
# A failed check during a canary or blue/green rollout reverts automatically.
set -euo pipefail

COMPONENT='gift-card-service'
NAMESPACE='inbestment'
REGION='eu-west-1'
IMAGE='111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment/gift-card-service'
ALARM_PREFIX='gift-card-service'
TARGET_GROUP='gift-card-service'
CANARY_WATCH_SECONDS="${CANARY_WATCH_SECONDS:-600}"

action="$1"
env="$2"
case "$env" in
  staging) cluster='inbestment-staging' ;;
  prod) cluster='inbestment-prod' ;;
  *) echo "unknown environment: $env" >&2; exit 2 ;;
esac
aws eks update-kubeconfig --region "$REGION" --name "$cluster" >/dev/null

render() {
  local tag="$1"
  (cd "k8s/overlays/$env" && kustomize edit set image "$COMPONENT=$IMAGE:$tag")
  TARGET_GROUP_ARN="$(aws elbv2 describe-target-groups --region "$REGION" --names "$TARGET_GROUP" \
    --query 'TargetGroups[0].TargetGroupArn' --output text)"
  export TARGET_GROUP_ARN
  # Only this one variable is substituted; anything else that looks like ${...} stays as written.
  kustomize build "k8s/overlays/$env" | envsubst '${TARGET_GROUP_ARN}'
}

alarms_ok() {
  local firing
  firing="$(aws cloudwatch describe-alarms --region "$REGION" --alarm-name-prefix "$ALARM_PREFIX-" \
    --state-value ALARM --query 'length(MetricAlarms)' --output text)"
  [ "$firing" = "0" ]
}

watch_alarms() {
  local until=$((SECONDS + CANARY_WATCH_SECONDS))
  while [ "$SECONDS" -lt "$until" ]; do
    alarms_ok || { echo "alarm firing for $ALARM_PREFIX-*" >&2; return 1; }
    sleep 30
  done
}

live_slot() {
  kubectl -n "$NAMESPACE" get service "$COMPONENT" -o jsonpath='{.spec.selector.inbestment\.io/slot}'
}

# Re-applying the slot Deployments would move both slots to the new image, and re-applying the Service would
# reset its selector, so after the first release only the other resources are applied.
apply_support() {
  kubectl -n "$NAMESPACE" apply -f "$1" -l '!inbestment.io/slot,!inbestment.io/router'
  kubectl -n "$NAMESPACE" get service "$COMPONENT" >/dev/null 2>&1 || kubectl -n "$NAMESPACE" apply -f "$1"
}

switch_to() {
  kubectl -n "$NAMESPACE" patch service "$COMPONENT" --type merge \
    -p "{\"spec\":{\"selector\":{\"inbestment.io/slot\":\"$1\"}}}"
}

deploy() {
  local tag="$1" strategy="$2"
  local manifests
  manifests="$(mktemp)"
  render "$tag" >"$manifests"
  case "$strategy" in
    rolling)
      local slot
      apply_support "$manifests"
      slot="$(live_slot)"
      kubectl -n "$NAMESPACE" set image "deployment/$COMPONENT-$slot" "app=$IMAGE:$tag"
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT-$slot" --timeout=10m \
        || { kubectl -n "$NAMESPACE" rollout undo "deployment/$COMPONENT-$slot"; exit 1; }
      ;;
    blue-green)
      local live idle
      apply_support "$manifests"
      live="$(live_slot)"
      idle="$([ "$live" = blue ] && echo green || echo blue)"
      kubectl -n "$NAMESPACE" set image "deployment/$COMPONENT-$idle" "app=$IMAGE:$tag"
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT-$idle" --timeout=10m
      switch_to "$idle"
      if ! watch_alarms; then
        switch_to "$live"
        echo "rolled back to slot $live" >&2
        exit 1
      fi
      ;;
    *) echo "unknown strategy: $strategy" >&2; exit 2 ;;
  esac
}

rollback() {
  local live
  live="$(live_slot)"
  switch_to "$([ "$live" = blue ] && echo green || echo blue)"
}

case "$action" in
  deploy) deploy "$3" "${4:-rolling}" ;;
  rollback) rollback ;;
  *) echo "usage: $0 deploy <env> <tag> [strategy] | rollback <env>" >&2; exit 2 ;;
esac

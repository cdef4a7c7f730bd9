#!/usr/bin/env bash
# Deploys gift-card-service to EKS and rolls it back.
#   rollout.sh deploy <staging|prod> <image-tag> <rolling|canary|blue-green>
#   rollout.sh rollback <staging|prod>
# A failed check during a canary or blue/green rollout reverts automatically.
# CANARY_WATCH_SECONDS (600) is how long the alarms are watched after a canary starts or a blue/green switch.
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

# Blue/green: two Deployments (slots blue and green), each with its own HPA; the Service selects the live slot.
# A release never re-applies the live slot:
#   1. render the overlay with the new image; apply the ServiceAccount and TargetGroupBinding (and the Service on the
#      first release only: later, applying it would reset the selector);
#   2. apply the idle slot's Deployment, HPA and PodDisruptionBudget in full (image, env, resources, probes) and
#      scale it up to the live slot's size; wait for its rollout;
#   3. switch the Service selector to it (the TargetGroupBinding moves the ALB targets) and watch the alarms;
#   4. on a firing alarm switch back; either way, after DRAIN_SECONDS scale the slot that left the Service to 0.
# A slot at 0 replicas costs nothing and its HPA stays idle (an HPA never scales a target at 0), yet it keeps the
# previous release: `rollout.sh rollback` scales it back up, waits, and switches to it.
DRAIN_SECONDS="${DRAIN_SECONDS:-30}"

# Empty before the first release (no Service yet); any other error stops the script.
live_slot() {
  kubectl -n "$NAMESPACE" get service "$COMPONENT" --ignore-not-found -o jsonpath='{.spec.selector.inbestment\.io/slot}'
}

other_slot() {
  if [ "$1" = blue ]; then echo green; else echo blue; fi
}

# Everything but the slots; the Service only while there is none ($2 is the live slot, empty before the first release).
apply_support() {
  kubectl -n "$NAMESPACE" apply -f "$1" -l '!inbestment.io/slot,!inbestment.io/router'
  [ -n "$2" ] || kubectl -n "$NAMESPACE" apply -f "$1" -l 'inbestment.io/router'
}

# Scales a slot to the size of the slot serving now (at least its HPA's minimum) and waits until it is ready.
scale_up() {
  local slot="$1" serving="$2" minimum current
  minimum="$(kubectl -n "$NAMESPACE" get hpa "$COMPONENT-$slot" -o jsonpath='{.spec.minReplicas}')" || return
  current="$(kubectl -n "$NAMESPACE" get deployment "$COMPONENT-$serving" -o jsonpath='{.spec.replicas}')" || return
  kubectl -n "$NAMESPACE" scale "deployment/$COMPONENT-$slot" --replicas="$((current > minimum ? current : minimum))" \
    || return
  kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT-$slot" --timeout=10m
}

# The ALB finishes the requests it sent to the old targets (and stops sending new ones) before they go.
scale_down_after_drain() {
  sleep "$DRAIN_SECONDS"
  kubectl -n "$NAMESPACE" scale "deployment/$COMPONENT-$1" --replicas=0
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
      # The live slot is updated in place (how staging deploys); the idle slot stays as it is.
      local slot
      slot="$(live_slot)"
      apply_support "$manifests" "$slot"
      slot="${slot:-blue}"
      kubectl -n "$NAMESPACE" apply -f "$manifests" -l "inbestment.io/slot=$slot"
      kubectl -n "$NAMESPACE" rollout status "deployment/$COMPONENT-$slot" --timeout=10m \
        || { kubectl -n "$NAMESPACE" rollout undo "deployment/$COMPONENT-$slot"; exit 1; }
      ;;
    blue-green)
      local live idle
      live="$(live_slot)"
      apply_support "$manifests" "$live"
      # The first release goes to blue, where the new Service points.
      idle="$(other_slot "${live:-green}")"
      kubectl -n "$NAMESPACE" apply -f "$manifests" -l "inbestment.io/slot=$idle"
      if ! scale_up "$idle" "${live:-$idle}"; then
        [ -z "$live" ] || kubectl -n "$NAMESPACE" scale "deployment/$COMPONENT-$idle" --replicas=0
        echo "slot $idle did not become ready; slot ${live:-none} still serves" >&2
        exit 1
      fi
      [ -n "$live" ] || return 0
      switch_to "$idle"
      if ! watch_alarms; then
        switch_to "$live"
        echo "rolled back to slot $live" >&2
        scale_down_after_drain "$idle"
        exit 1
      fi
      scale_down_after_drain "$live"
      ;;
    *) echo "unknown strategy: $strategy" >&2; exit 2 ;;
  esac
}

rollback() {
  local live previous
  live="$(live_slot)"
  previous="$(other_slot "$live")"
  if [ -z "$live" ] || ! kubectl -n "$NAMESPACE" get deployment "$COMPONENT-$previous" >/dev/null; then
    echo "no previous release to roll back to" >&2
    exit 1
  fi
  scale_up "$previous" "$live"
  switch_to "$previous"
  scale_down_after_drain "$live"
}

case "$action" in
  deploy) deploy "$3" "${4:-rolling}" ;;
  rollback) rollback ;;
  *) echo "usage: $0 deploy <env> <tag> [strategy] | rollback <env>" >&2; exit 2 ;;
esac

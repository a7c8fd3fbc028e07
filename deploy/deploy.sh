#!/usr/bin/env bash
# Builds, pushes and deploys the Rebound services, in order. See deploy/README.md.
#
#   deploy/deploy.sh [step ...] [service ...]
#
# Steps: identities, build, push, render, run, infra, or all (= those six, in that order; the default). Steps run
# in the order given. Services default to all four. Needs PROJECT_ID; REGION defaults to us-west2, TAG to the
# git commit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALL_SERVICES=(heartbeat-tracker roster-watcher coverage-monitor backfill-orchestrator)
STEPS=()
SERVICES=()
for arg in "$@"; do
  case "$arg" in
    all) STEPS+=(identities build push render run infra) ;;
    identities | build | push | render | run | infra) STEPS+=("$arg") ;;
    *)
      if [[ " ${ALL_SERVICES[*]} " != *" $arg "* ]]; then
        echo "unknown step or service '$arg' (steps: all identities build push render run infra)" >&2
        exit 2
      fi
      SERVICES+=("$arg") ;;
  esac
done
if [ "${#STEPS[@]}" -eq 0 ]; then
  STEPS=(identities build push render run infra)
fi
if [ "${#SERVICES[@]}" -eq 0 ]; then
  SERVICES=("${ALL_SERVICES[@]}")
fi

: "${PROJECT_ID:?set PROJECT_ID}"
REGION="${REGION:-us-west2}"
TAG="${TAG:-$(git -C "$ROOT" rev-parse --short=12 HEAD)}"
REPOSITORY="${REGION}-docker.pkg.dev/${PROJECT_ID}/rebound"
RENDERED="${RENDERED:-$ROOT/deploy/.rendered}"
ENV_DIR="$ROOT/infra/envs/${ENV_NAME:-prod}"

image() { echo "${REPOSITORY}/$1:${TAG}"; }

project_number() {
  if [ -n "${PROJECT_NUMBER:-}" ]; then
    echo "$PROJECT_NUMBER"
  else
    gcloud projects describe "$PROJECT_ID" --format='value(projectNumber)'
  fi
}

# The runtime service accounts, the image repository and the metrics sidecar's configuration secret (readable by
# those accounts) must exist before a service can run as them.
identities() {
  terraform -chdir="$ENV_DIR" apply -var "project_id=$PROJECT_ID" -var "region=$REGION" \
    -target=module.identities -target=google_artifact_registry_repository.images \
    -target=google_secret_manager_secret_version.run_monitoring \
    -target=google_secret_manager_secret_iam_member.run_monitoring_reader
}

build() {
  for s in "${SERVICES[@]}"; do
    (cd "$ROOT" && ./mvnw -q -pl "services/$s" -am package -DskipTests)
    docker build -f "$ROOT/deploy/docker/Dockerfile.jvm" -t "$(image "$s")" "$ROOT/services/$s"
  done
}

push() {
  gcloud auth configure-docker "${REGION}-docker.pkg.dev" --quiet
  for s in "${SERVICES[@]}"; do
    docker push "$(image "$s")"
  done
}

# Fills the manifests' placeholders; only these four are replaced, so nothing else in a manifest is touched.
render() {
  local number
  number="$(project_number)"
  mkdir -p "$RENDERED"
  for s in "${SERVICES[@]}"; do
    PROJECT_ID="$PROJECT_ID" PROJECT_NUMBER="$number" REGION="$REGION" IMAGE="$(image "$s")" \
      envsubst '${PROJECT_ID} ${PROJECT_NUMBER} ${REGION} ${IMAGE}' \
      < "$ROOT/deploy/$s.service.yaml" > "$RENDERED/$s.service.yaml"
    echo "rendered $RENDERED/$s.service.yaml"
  done
}

run() {
  for s in "${SERVICES[@]}"; do
    gcloud run services replace "$RENDERED/$s.service.yaml" --project "$PROJECT_ID" --region "$REGION"
  done
}

# Everything else: topics, subscriptions, scheduler jobs and the run.invoker grants on the services just deployed.
infra() {
  terraform -chdir="$ENV_DIR" apply -var "project_id=$PROJECT_ID" -var "region=$REGION"
}

for step in "${STEPS[@]}"; do
  "$step"
done

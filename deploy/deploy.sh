#!/usr/bin/env bash
# Builds, pushes and deploys the Rebound services, in order. See deploy/README.md.
#
#   deploy/deploy.sh [step ...] [service ...]
#
# Steps: identities, database, build, push, render, bootstrap, run, infra, or all (= those eight, in that order;
# the default). Steps run in the order given. Services default to all four. Needs PROJECT_ID; REGION defaults to
# us-west2, TAG to the git commit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ALL_SERVICES=(heartbeat-tracker roster-watcher coverage-monitor backfill-orchestrator)
STEPS=()
SERVICES=()
for arg in "$@"; do
  case "$arg" in
    all) STEPS+=(identities database build push render bootstrap run infra) ;;
    identities | database | build | push | render | bootstrap | run | infra) STEPS+=("$arg") ;;
    *)
      if [[ " ${ALL_SERVICES[*]} " != *" $arg "* ]]; then
        echo "unknown step or service '$arg' (steps: all identities database build push render bootstrap run infra)" >&2
        exit 2
      fi
      SERVICES+=("$arg") ;;
  esac
done
if [ "${#STEPS[@]}" -eq 0 ]; then
  STEPS=(identities database build push render bootstrap run infra)
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
# The state store's instance and database, as infra/envs/prod/database.tf names them (the manifests name them too).
DB_INSTANCE=rebound
DB_NAME=rebound

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

# The network and the Cloud SQL instance, its database and the services' IAM database users: they must exist (and
# be bootstrapped) before a service starts, or its migrations cannot run.
database() {
  terraform -chdir="$ENV_DIR" apply -var "project_id=$PROJECT_ID" -var "region=$REGION" \
    -target=module.network -target=module.database
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

render_bootstrap_sql() {
  mkdir -p "$RENDERED"
  PROJECT_ID="$PROJECT_ID" envsubst '${PROJECT_ID}' < "$ROOT/deploy/cloudsql-bootstrap.sql" > "$RENDERED/cloudsql-bootstrap.sql"
  echo "rendered $RENDERED/cloudsql-bootstrap.sql"
}

# Fills the manifests' placeholders; only these five are replaced, so nothing else in a manifest is touched. The
# database's one-time grants get the project id.
render() {
  local number
  number="$(project_number)"
  mkdir -p "$RENDERED"
  render_bootstrap_sql
  for s in "${SERVICES[@]}"; do
    PROJECT_ID="$PROJECT_ID" PROJECT_NUMBER="$number" REGION="$REGION" IMAGE="$(image "$s")" \
      envsubst '${PROJECT_ID} ${PROJECT_NUMBER} ${REGION} ${IMAGE}' \
      < "$ROOT/deploy/$s.service.yaml" > "$RENDERED/$s.service.yaml"
    echo "rendered $RENDERED/$s.service.yaml"
  done
}

# The one-time grants of deploy/cloudsql-bootstrap.sql (docs/operations.md#bootstrap), through the Cloud SQL Data
# API as the operator's own IAM database user: no network path to the private address and no password. The Data API
# is allowed only while the statements run. Running it again changes nothing, so `all` may repeat it.
bootstrap() {
  local account user type
  render_bootstrap_sql
  account="$(gcloud config get-value account)"
  if [[ "$account" == *.gserviceaccount.com ]]; then
    user="${account%.gserviceaccount.com}" type=cloud_iam_service_account
  else
    user="$account" type=cloud_iam_user
  fi
  if ! gcloud sql users list --instance="$DB_INSTANCE" --project "$PROJECT_ID" --format='value(name)' \
    | grep -qFx "$user"; then
    gcloud sql users create "$user" --instance="$DB_INSTANCE" --project "$PROJECT_ID" --type="$type" \
      --database-roles=cloudsqlsuperuser
  fi
  gcloud sql instances patch "$DB_INSTANCE" --project "$PROJECT_ID" --data-api-access=ALLOW_DATA_API --quiet
  if ! gcloud sql instances execute-sql "$DB_INSTANCE" --project "$PROJECT_ID" --database="$DB_NAME" \
    --sql="$(cat "$RENDERED/cloudsql-bootstrap.sql")"; then
    gcloud sql instances patch "$DB_INSTANCE" --project "$PROJECT_ID" --data-api-access=DISALLOW_DATA_API --quiet
    echo "the bootstrap SQL failed; see docs/operations.md#bootstrap" >&2
    exit 1
  fi
  gcloud sql instances patch "$DB_INSTANCE" --project "$PROJECT_ID" --data-api-access=DISALLOW_DATA_API --quiet
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

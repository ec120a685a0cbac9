// Validates the objects `helm template` rendered (a multi-document YAML file) offline:
//   node validate.mjs <rendered.yaml> <label> [--dapr]
// 1. every object against the Kubernetes schemas of the `kubernetes-models` package (types, required fields, enums;
//    that package does not reject unknown fields); Dapr's CRDs (no published schema there) get a structural check;
// 2. the platform's own rules: every Deployment has probes, resources and a non-root, hardened securityContext, the
//    services probe gRPC health, Dapr annotations exactly when Dapr is on, named grpc/http ports, headless Services for
//    the gateway's backends, a ServiceAccount and a NetworkPolicy per Deployment, a PDB only when replicas > 1.
// Prints one "PASS <check>" or "FAIL <check>: <why>" line per check.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const [file, label, ...flags] = process.argv.slice(2);
const daprOn = flags.includes("--dapr");
const require = createRequire(import.meta.url);
const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter((o) => o && o.kind);

let failed = 0;
const check = (name, problems) => {
  const list = problems.filter(Boolean);
  if (list.length === 0) console.log(`PASS ${label}: ${name}`);
  else { failed++; console.log(`FAIL ${label}: ${name}: ${list.slice(0, 8).join("; ")}`); }
};
const id = (o) => `${o.kind}/${o.metadata?.name}`;

// 1. schemas
function modelFor(o) {
  const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : [null, o.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${o.kind}` : `kubernetes-models/${version}/${o.kind}`;
  try { return require(path)[o.kind]; } catch { return null; }
}
function daprProblems(o) {
  const p = [];
  if (o.kind === "Component") {
    if (!/^pubsub\.|^state\.|^secretstores\.|^bindings\./.test(o.spec?.type ?? "")) p.push(`${id(o)}: spec.type`);
    if (o.spec?.version !== "v1") p.push(`${id(o)}: spec.version must be v1`);
    for (const m of o.spec?.metadata ?? []) {
      if (typeof m.name !== "string") p.push(`${id(o)}: metadata item without name`);
      if (("value" in m) === ("secretKeyRef" in m)) p.push(`${id(o)}: ${m.name} needs exactly one of value, secretKeyRef`);
      if ("value" in m && typeof m.value !== "string") p.push(`${id(o)}: ${m.name} value must be a string`);
      if (/password/i.test(m.name) && !m.secretKeyRef) p.push(`${id(o)}: ${m.name} must be a secretKeyRef`);
    }
  } else if (o.kind === "Resiliency") {
    // docs.dapr.io/reference/resource-specs/resiliency-schema: named policies, then targets naming them.
    const retries = o.spec?.policies?.retries ?? {};
    for (const [name, r] of Object.entries(retries)) {
      if (!["constant", "exponential"].includes(r.policy)) p.push(`${id(o)}: retries.${name}.policy`);
      if (!Number.isInteger(r.maxRetries)) p.push(`${id(o)}: retries.${name}.maxRetries must be an integer`);
      if (r.maxInterval !== undefined && !/^[0-9]+(ms|s|m|h)$/.test(r.maxInterval)) p.push(`${id(o)}: retries.${name}.maxInterval`);
    }
    for (const [component, t] of Object.entries(o.spec?.targets?.components ?? {}))
      for (const direction of ["inbound", "outbound"])
        if (t[direction]?.retry && !retries[t[direction].retry]) p.push(`${id(o)}: ${component}.${direction} names no retry policy`);
    if (!Array.isArray(o.scopes) || o.scopes.length === 0) p.push(`${id(o)}: scopes`);
  } else if (o.kind !== "Configuration") p.push(`${id(o)}: unexpected dapr.io kind`);
  return p;
}
const schemaProblems = [];
for (const o of docs) {
  if (o.apiVersion.startsWith("dapr.io/")) { schemaProblems.push(...daprProblems(o)); continue; }
  const Model = modelFor(o);
  if (!Model) { schemaProblems.push(`${id(o)}: no schema for ${o.apiVersion}`); continue; }
  try { new Model(o).validate(); } catch (e) { schemaProblems.push(`${id(o)}: ${e.message}`); }
}
check(`${docs.length} rendered objects validate against the Kubernetes schemas`, schemaProblems);

// 2. the platform's rules
const of = (kind) => docs.filter((o) => o.kind === kind);
const deployments = of("Deployment");
const platform = deployments.filter((d) => d.metadata.labels?.["app.kubernetes.io/component"] !== "redis");
const services = platform.filter((d) => d.metadata.labels?.["app.kubernetes.io/component"] === "service");

check(`every Deployment (${deployments.length}) has readiness and liveness probes and resources`, deployments.flatMap((d) =>
  d.spec.template.spec.containers.flatMap((c) => [
    !c.readinessProbe && `${id(d)}: no readinessProbe`,
    !c.livenessProbe && `${id(d)}: no livenessProbe`,
    !(c.resources?.requests?.cpu && c.resources?.requests?.memory) && `${id(d)}: no cpu/memory requests`,
    !c.resources?.limits?.memory && `${id(d)}: no memory limit`,
  ])));

check(`every Deployment runs non-root with a hardened securityContext`, deployments.flatMap((d) => {
  const pod = d.spec.template.spec.securityContext ?? {};
  return d.spec.template.spec.containers.flatMap((c) => {
    const sc = c.securityContext ?? {};
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    const uid = sc.runAsUser ?? pod.runAsUser;
    return [
      nonRoot !== true && `${id(d)}: runAsNonRoot is not true`,
      (uid === undefined || uid === 0) && `${id(d)}: no non-zero runAsUser`,
      sc.allowPrivilegeEscalation !== false && `${id(d)}: allowPrivilegeEscalation`,
      sc.readOnlyRootFilesystem !== true && `${id(d)}: root filesystem writable`,
      !(sc.capabilities?.drop ?? []).includes("ALL") && `${id(d)}: capabilities not dropped`,
      (sc.seccompProfile ?? pod.seccompProfile)?.type !== "RuntimeDefault" && `${id(d)}: no RuntimeDefault seccomp`,
      sc.readOnlyRootFilesystem && !(c.volumeMounts ?? []).some((m) => m.mountPath === "/tmp") && `${id(d)}: no writable /tmp`,
    ];
  });
}));

check(`every service (${services.length}) probes grpc.health.v1 on its grpc port and /alive on http`, services.flatMap((d) => {
  const c = d.spec.template.spec.containers[0];
  const grpcPort = c.ports.find((p) => p.name === "grpc")?.containerPort;
  return [
    c.readinessProbe?.grpc?.port !== grpcPort && `${id(d)}: readiness is not a gRPC probe on ${grpcPort}`,
    c.startupProbe?.grpc?.port !== grpcPort && `${id(d)}: startup is not a gRPC probe on ${grpcPort}`,
    c.livenessProbe?.httpGet?.path !== "/alive" && `${id(d)}: liveness is not GET /alive`,
  ];
}));

check(daprOn ? "every service has the Dapr sidecar annotations (app-port = HTTP/1 port)" : "no Dapr annotations while Dapr is off",
  platform.flatMap((d) => {
    const a = d.spec.template.metadata.annotations ?? {};
    const isService = services.includes(d);
    const httpPort = d.spec.template.spec.containers[0].ports.find((p) => p.name === "http")?.containerPort;
    if (!daprOn || !isService) return [a["dapr.io/enabled"] === "true" && `${id(d)}: Dapr sidecar enabled`];
    return [
      a["dapr.io/enabled"] !== "true" && `${id(d)}: dapr.io/enabled`,
      a["dapr.io/app-id"] !== d.metadata.name && `${id(d)}: dapr.io/app-id`,
      a["dapr.io/app-port"] !== String(httpPort) && `${id(d)}: dapr.io/app-port is not the HTTP/1 port ${httpPort}`,
      a["dapr.io/app-protocol"] !== "http" && `${id(d)}: dapr.io/app-protocol`,
      !a["dapr.io/config"] && `${id(d)}: dapr.io/config`,
    ];
  }));

const components = of("Component");
check(daprOn ? "a pubsub.redis Component whose password is a secret reference" : "no Dapr objects while Dapr is off",
  daprOn
    ? [!components.some((c) => c.spec.type === "pubsub.redis" && c.spec.metadata.some((m) => m.name === "redisPassword" && m.secretKeyRef)) && "missing"]
    : docs.filter((o) => o.apiVersion.startsWith("dapr.io/")).map(id));

if (daprOn) {
  // The subscriptions name dead-letter topics; Dapr dead-letters at the first failed delivery without an inbound retry.
  const pubsub = components.find((c) => c.spec.type === "pubsub.redis");
  const appIds = services.map((d) => d.metadata.name).sort();
  check("a Resiliency retries every service's deliveries from the pub/sub before the dead-letter topic",
    [...of("Resiliency").flatMap((r) => {
      const retry = r.spec?.policies?.retries?.[r.spec?.targets?.components?.[pubsub?.metadata.name]?.inbound?.retry];
      return [
        !retry && `${id(r)}: no inbound retry for the pub/sub component`,
        retry && !(retry.maxRetries >= 1) && `${id(r)}: maxRetries must be at least 1`,
        JSON.stringify([...(r.scopes ?? [])].sort()) !== JSON.stringify(appIds) && `${id(r)}: scopes are not every service`,
      ];
    }), of("Resiliency").length !== 1 && `expected one Resiliency, got ${of("Resiliency").length}`]);
}

const svcByName = new Map(of("Service").map((s) => [s.metadata.name, s]));
check("Services: named grpc (h2c) and http ports; a headless Service per backend", platform.flatMap((d) => {
  const s = svcByName.get(d.metadata.name);
  if (!s) return [`${id(d)}: no Service`];
  const grpc = s.spec.ports.find((p) => p.name === "grpc");
  const headless = svcByName.get(`${d.metadata.name}-headless`);
  return [
    grpc?.appProtocol !== "kubernetes.io/h2c" && `Service/${s.metadata.name}: grpc port missing or not h2c`,
    !s.spec.ports.some((p) => p.name === "http") && `Service/${s.metadata.name}: no http port`,
    services.includes(d) && headless?.spec.clusterIP !== "None" && `${id(d)}: no headless Service`,
  ];
}));

const accounts = new Set(of("ServiceAccount").map((s) => s.metadata.name));
const policies = of("NetworkPolicy");
check("a ServiceAccount and a NetworkPolicy per component; default deny", [
  ...platform.map((d) => !accounts.has(d.spec.template.spec.serviceAccountName) && `${id(d)}: no ServiceAccount`),
  ...deployments.map((d) => !policies.some((p) => p.metadata.name === d.metadata.name) && `${id(d)}: no NetworkPolicy`),
  !policies.some((p) => p.metadata.name === "rehab-default-deny") && "no default-deny policy",
  ...policies.filter((p) => p.metadata.name !== "rehab-default-deny").flatMap((p) => [
    !(p.spec.policyTypes ?? []).includes("Egress") && `NetworkPolicy/${p.metadata.name}: egress not restricted`,
    p.metadata.name !== "redis" && !(p.spec.egress ?? []).some((e) => (e.ports ?? []).some((x) => x.port === 53)) && `NetworkPolicy/${p.metadata.name}: no DNS egress`,
  ]),
  ...services.map((d) => {
    const p = policies.find((x) => x.metadata.name === d.metadata.name);
    const open = (p?.spec.ingress ?? []).some((r) => !r.from || r.from.length === 0);
    return open && `NetworkPolicy/${d.metadata.name}: reachable from anywhere (only the gateway may be)`;
  }),
]);

const hpas = new Map(of("HorizontalPodAutoscaler").map((h) => [h.spec.scaleTargetRef.name, h]));
const pdbs = new Set(of("PodDisruptionBudget").map((p) => p.metadata.name));
check("a PodDisruptionBudget exactly for components with more than one replica", platform.map((d) => {
  const replicas = hpas.get(d.metadata.name)?.spec.minReplicas ?? d.spec.replicas ?? 1;
  return (replicas > 1) !== pdbs.has(d.metadata.name) && `${id(d)}: ${replicas} replica(s) but ${pdbs.has(d.metadata.name) ? "a" : "no"} PDB`;
}));

process.exit(failed ? 1 : 0);

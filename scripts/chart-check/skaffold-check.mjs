// Checks skaffold.yaml without a skaffold binary:
//   node skaffold-check.mjs <skaffold.yaml> <chart values.yaml> <deploy/images/build.sh>
// 1. structure: apiVersion skaffold/v4beta12, and every key used is one skaffold's published JSON schema defines for
//    that place, with that schema's type (and enum values), plus the schema's required properties and its "one
//    builder per artifact / one build environment" choices; every profile patch is a JSON patch whose path exists;
// 2. every artifact is an image of the chart (services.<name>.image, gateway.image) and vice versa, each artifact's
//    repository/tag is handed to the chart through setValueTemplates, its Dockerfile build args name a real project,
//    and deploy/images/build.sh builds the same set of images;
// 3. the dev and production profiles exist and point at values files that exist;
// 4. every services.<name>.env key is a configuration key of that service (its appsettings.json).
//
// The property lists below were checked by hand on 2026-11-25 against skaffold's published schema
//   GoogleContainerTools/skaffold docs-v2/content/en/schemas/v4beta12.json @ 015eb198f6e59f438ea14e3b025535e03bcc1e9b
// (definitions SkaffoldConfig, Metadata, BuildConfig, Artifact, DockerArtifact, LocalBuild, TagPolicy, GitTagger,
// DeployConfig, LegacyHelmDeploy, HelmRelease, PortForwardResource, Profile, Activation, JSONPatch). The schema itself
// is not copied here (nor in a package); only the names and types of the properties at the places this file uses.
// The published v4beta11.json was not available to check against; v4beta11 -> v4beta12 is a no-op upgrade in skaffold,
// so skaffold.yaml moved to v4beta12 (skaffold >= 2.14.0). Keys not listed for a place are unknown there
// (the schema's additionalProperties: false); places not listed (buildArgs, setValueTemplates, patch values) are maps.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";

const [skaffoldFile, valuesFile, buildScript] = process.argv.slice(2);
const root = dirname(skaffoldFile);
const sk = parse(readFileSync(skaffoldFile, "utf8"));
const values = parse(readFileSync(valuesFile, "utf8"));
let failed = 0;
const check = (name, problems) => {
  const list = problems.filter(Boolean);
  if (list.length === 0) console.log(`PASS skaffold: ${name}`);
  else { failed++; console.log(`FAIL skaffold: ${name}: ${list.join("; ")}`); }
};

// Types: S string, B boolean, I integer, A array, O object, L list of strings, M map of strings, "*" untyped in the
// schema; an array of strings is an enum. A profile's build, deploy and portForward use the top-level places.
const S = "string", B = "boolean", I = "integer", A = "array", O = "object", L = "list of strings", M = "map of strings";
const schema = {
  "": { apiVersion: S, kind: S, metadata: O, requires: A, build: O, test: A, manifests: O, deploy: O, portForward: A, resourceSelector: O, verify: A, customActions: A, profiles: A },
  metadata: { name: S, labels: M, annotations: M },
  build: { hooks: O, artifacts: A, insecureRegistries: L, tagPolicy: O, platforms: L, local: O, googleCloudBuild: O, cluster: O },
  "build.artifacts[]": { image: S, context: S, sync: O, requires: A, hooks: O, platforms: L, runtimeType: S, docker: O, bazel: O, ko: O, jib: O, kaniko: O, buildpacks: O, custom: O },
  "build.artifacts[].docker": { dockerfile: S, target: S, buildArgs: M, network: S, addHost: L, cacheFrom: L, cliFlags: L, pullParent: B, noCache: B, squash: B, secrets: A, ssh: S },
  "build.local": { push: B, tryImportMissing: B, useDockerCLI: B, useBuildkit: B, concurrency: I },
  "build.tagPolicy": { gitCommit: O, sha256: O, envTemplate: O, dateTime: O, customTemplate: O, inputDigest: O },
  "build.tagPolicy.gitCommit": { variant: ["Tags", "CommitSha", "AbbrevCommitSha", "TreeSha", "AbbrevTreeSha"], prefix: S, ignoreChanges: B },
  deploy: { docker: O, helm: O, kpt: O, kubectl: O, cloudrun: O, statusCheck: B, statusCheckDeadlineSeconds: I, tolerateFailuresUntilDeadline: B, kubeContext: S, logs: O },
  "deploy.helm": { concurrency: I, releases: A, flags: O, hooks: O },
  "deploy.helm.releases[]": { name: S, chartPath: S, remoteChart: S, valuesFiles: L, namespace: S, version: S, setValues: "*", setValueTemplates: "*", setFiles: M, createNamespace: B, wait: B, recreatePods: B, skipBuildDependencies: B, skipTests: B, useHelmSecrets: B, repo: S, upgradeOnChange: B, overrides: "*", packaged: O, dependsOn: L },
  "portForward[]": { resourceType: S, resourceName: S, namespace: S, port: [S, I], address: S, localPort: I },
  "profiles[]": { name: S, activation: A, requiresAllActivations: B, patches: A, build: O, test: A, manifests: O, deploy: O, portForward: A, resourceSelector: O, verify: A, customActions: A },
  "profiles[].activation[]": { env: S, kubeContext: S, command: S },
  "profiles[].patches[]": { op: S, path: S, from: S, value: "*" },
};
const required = { "": ["apiVersion", "kind"], "build.artifacts[]": ["image"], "deploy.helm.releases[]": ["name"], "profiles[]": ["name"], "profiles[].patches[]": ["path"] };
const oneOf = { build: ["local", "googleCloudBuild", "cluster"], "build.artifacts[]": ["docker", "bazel", "ko", "jib", "kaniko", "buildpacks", "custom"] };
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const typeOk = (v, t) => Array.isArray(t) && t.every((x) => [S, I].includes(x)) ? t.some((x) => typeOk(v, x))
  : Array.isArray(t) ? t.includes(v)
  : ({ [S]: typeof v === "string", [B]: typeof v === "boolean", [I]: Number.isInteger(v), [A]: Array.isArray(v), [O]: isObject(v),
       [L]: Array.isArray(v) && v.every((x) => typeof x === "string"), [M]: isObject(v) && Object.values(v).every((x) => typeof x === "string"), "*": true })[t];
const describe = (t) => Array.isArray(t) ? (t.includes(S) ? t.join(" or ") : `one of ${t.join(", ")}`) : t;
const structure = [];
const wrong = (at, v, t) => (t === M && isObject(v)) || (t === L && Array.isArray(v))
  ? Object.entries(v).filter(([, x]) => typeof x !== "string").map(([k, x]) => `${at}${t === L ? `[${k}]` : `.${k}`}: expected string, got ${JSON.stringify(x)}`)
  : [`${at}: expected ${describe(t)}, got ${JSON.stringify(v)}`];
(function walk(node, path, at) { // path: the place in the schema ("build.artifacts[]"); at: where in the file ("build.artifacts[2]")
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[]`, `${at}[${i}]`));
  const place = path.replace(/^profiles\[\]\.(?=build|deploy|portForward)/, "");
  const props = schema[place];
  if (!props || !isObject(node)) return; // free-form maps (buildArgs, setValueTemplates, patch values) and scalars
  for (const k of required[place] ?? []) if (node[k] === undefined) structure.push(`${at || "(top)"}: missing required '${k}'`);
  const chosen = (oneOf[place] ?? []).filter((k) => node[k] !== undefined);
  if (chosen.length > 1) structure.push(`${at}: only one of ${chosen.join(", ")}`);
  for (const [k, v] of Object.entries(node)) {
    const here = at ? `${at}.${k}` : k;
    if (!(k in props)) structure.push(`${at || "(top)"}: unknown key '${k}'`);
    else if (!typeOk(v, props[k])) structure.push(...wrong(here, v, props[k]));
    else walk(v, path ? `${path}.${k}` : k, here);
  }
})(sk, "", "");
// JSON patch (RFC 6902) ops, as the schema's description of JSONPatch.op lists them; a path must point into the config
// for the ops that read it (replace, remove, test, and move/copy's from), and setValueTemplates values are strings
// (skaffold flattens them into --set key=value; our chart takes the templates as plain strings).
const pointer = (p) => typeof p === "string" && p.startsWith("/") && p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
  .reduce((n, s) => (n !== undefined && n !== null && typeof n === "object" ? n[s] : undefined), sk) !== undefined;
const patches = (sk.profiles ?? []).flatMap((p) => (p.patches ?? []).map((x) => [p.name, x]));
check("apiVersion skaffold/v4beta12, kind Config, keys and types of the published schema", [
  sk.apiVersion !== "skaffold/v4beta12" && `apiVersion ${sk.apiVersion} (expected skaffold/v4beta12)`, sk.kind !== "Config" && `kind ${sk.kind}`, ...structure,
  ...patches.flatMap(([name, x]) => [
    !["add", "remove", "replace", "move", "copy", "test"].includes(x.op ?? "replace") && `profile ${name}: patch op '${x.op}'`,
    ["replace", "remove", "test"].includes(x.op ?? "replace") && !pointer(x.path) && `profile ${name}: patch path ${x.path} is not in the config`,
    ["move", "copy"].includes(x.op) && !pointer(x.from) && `profile ${name}: patch from ${x.from} is not in the config`,
    ["add", "replace", "test"].includes(x.op ?? "replace") && x.value === undefined && `profile ${name}: patch ${x.path} has no value`,
  ]),
  ...(sk.deploy?.helm?.releases ?? []).flatMap((r) => Object.entries(r.setValueTemplates ?? {})
    .map(([k, v]) => typeof v !== "string" && `release ${r.name}: setValueTemplates.${k} is not a string`)),
]);

const artifacts = sk.build?.artifacts ?? [];
const chartImages = new Map([...Object.entries(values.services ?? {}).map(([n, s]) => [s.image, `services.${n}`]), [values.gateway.image, "gateway"]]);
const release = sk.deploy?.helm?.releases?.[0] ?? {};
const templates = release.setValueTemplates ?? {};
check("artifacts are exactly the chart's images and reach the chart through setValueTemplates", [
  ...artifacts.map((a) => !chartImages.has(a.image) && `artifact ${a.image} is no image of the chart`),
  ...[...chartImages.keys()].map((i) => !artifacts.some((a) => a.image === i) && `chart image ${i} is not built by skaffold`),
  ...artifacts.flatMap((a) => {
    const key = chartImages.get(a.image), v = String(a.image).replace(/[-.]/g, "_");
    return [
      templates[`${key}.repository`] !== `{{.IMAGE_REPO_${v}}}` && `${key}.repository`,
      templates[`${key}.tag`] !== `{{.IMAGE_TAG_${v}}}` && `${key}.tag`,
    ];
  }),
]);
check("Dockerfile builds name existing projects and the chart's ports", artifacts.flatMap((a) => {
  const args = a.docker?.buildArgs ?? {};
  const key = chartImages.get(a.image);
  const comp = key === "gateway" ? values.gateway : values.services?.[key?.slice(9)];
  return [
    !existsSync(join(root, a.docker?.dockerfile ?? "-")) && `${a.image}: dockerfile missing`,
    !existsSync(join(root, args.PROJECT ?? "-", `${args.ASSEMBLY}.csproj`)) && `${a.image}: no project ${args.PROJECT}/${args.ASSEMBLY}.csproj`,
    comp && (String(comp.grpcPort) !== args.GRPC_PORT || String(comp.httpPort) !== args.HTTP_PORT) && `${a.image}: ports differ from the chart`,
  ];
}));
const buildTable = readFileSync(buildScript, "utf8").split("\n").map((l) => l.match(/^([a-z-]+)\|([^|]+)\|([^|]+)\|(\d+)\|(\d+)$/)).filter(Boolean);
check("deploy/images/build.sh builds the same images with the chart's ports", [
  ...[...chartImages.entries()].map(([image, key]) => {
    const row = buildTable.find((r) => `rehab-${r[1]}` === image);
    const comp = key === "gateway" ? values.gateway : values.services[key.slice(9)];
    if (!row) return `${image} missing from build.sh`;
    return (row[4] !== String(comp.grpcPort) || row[5] !== String(comp.httpPort)) && `${image}: ports differ`;
  }),
]);
// A service's env entries are its configuration keys (Section__Key): each must be a key the service's appsettings.json
// defines, so a typo or a renamed option cannot silently leave a domain rule at its default.
const configKeys = (file) => {
  const keys = new Set();
  (function walk(node, path) {
    if (node && typeof node === "object" && !Array.isArray(node)) for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}__${k}` : k);
    else keys.add(path);
  })(JSON.parse(readFileSync(file, "utf8")), "");
  return keys;
};
check("every service env entry is a configuration key of that service", Object.entries(values.services ?? {}).flatMap(([name, s]) => {
  const row = buildTable.find((r) => r[1] === name);
  if (!row || !s.env) return [];
  const settings = join(root, row[2], "appsettings.json");
  if (!existsSync(settings)) return [`${name}: ${settings} missing`];
  const keys = configKeys(settings);
  return Object.keys(s.env).map((k) => !keys.has(k) && `${name}: env ${k} is not in ${row[2]}/appsettings.json`);
}));
const profiles = new Map((sk.profiles ?? []).map((p) => [p.name, p]));
check("dev and production profiles select existing values files", ["dev", "production"].flatMap((name) => {
  const p = profiles.get(name);
  if (!p) return [`no profile ${name}`];
  const files = (p.patches ?? []).filter((x) => x.path === "/deploy/helm/releases/0/valuesFiles").flatMap((x) => x.value);
  return [files.length === 0 && `${name}: no valuesFiles patch`, ...files.map((f) => !existsSync(join(root, f)) && `${name}: ${f} missing`)];
}));
process.exit(failed ? 1 : 0);

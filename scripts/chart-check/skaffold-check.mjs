// Checks skaffold.yaml without a skaffold binary:
//   node skaffold-check.mjs <skaffold.yaml> <chart values.yaml> <deploy/images/build.sh>
// 1. structure: the apiVersion, and every key used is one the skaffold v4beta11 schema defines for that place (a
//    hand-kept allowlist of the parts this file uses; skaffold's published JSON schema is not in a package here);
// 2. every artifact is an image of the chart (services.<name>.image, gateway.image) and vice versa, each artifact's
//    repository/tag is handed to the chart through setValueTemplates, its Dockerfile build args name a real project,
//    and deploy/images/build.sh builds the same set of images;
// 3. the dev and production profiles exist and point at values files that exist;
// 4. every services.<name>.env key is a configuration key of that service (its appsettings.json).
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

// v4beta11: SkaffoldConfig, BuildConfig, Artifact(docker), DockerArtifact, LocalBuild, TagPolicy, DeployConfig,
// LegacyHelmDeploy, HelmRelease, PortForwardResource, Profile, Activation, JSONPatch.
const allowed = {
  "": ["apiVersion", "kind", "metadata", "requires", "build", "test", "render", "manifests", "deploy", "portForward", "resourceSelector", "verify", "customActions", "profiles"],
  metadata: ["name", "labels", "annotations"],
  build: ["artifacts", "insecureRegistries", "tagPolicy", "platforms", "local", "googleCloudBuild", "cluster"],
  "build.artifacts[]": ["image", "context", "sync", "requires", "hooks", "platforms", "runtimeType", "docker", "custom", "bazel", "ko", "jib", "kaniko", "buildpacks"],
  "build.artifacts[].docker": ["dockerfile", "target", "buildArgs", "network", "addHost", "cacheFrom", "cliFlags", "pullParent", "noCache", "squash", "secrets", "ssh"],
  "build.local": ["push", "tryImportMissing", "useDockerCLI", "useBuildkit", "concurrency"],
  "build.tagPolicy": ["gitCommit", "sha256", "envTemplate", "dateTime", "customTemplate", "inputDigest"],
  "build.tagPolicy.gitCommit": ["variant", "prefix", "ignoreChanges"],
  deploy: ["docker", "helm", "kpt", "kubectl", "cloudrun", "statusCheck", "statusCheckDeadlineSeconds", "tolerateFailuresUntilDeadline", "kubeContext", "logs"],
  "deploy.helm": ["releases", "flags", "hooks"],
  "deploy.helm.releases[]": ["name", "chartPath", "remoteChart", "valuesFiles", "namespace", "version", "setValues", "setValueTemplates", "createNamespace", "wait", "recreatePods", "skipBuildDependencies", "useHelmSecrets", "repo", "upgradeOnChange", "overrides", "packaged", "setFiles", "skipTests", "dependsOn"],
  "portForward[]": ["resourceType", "resourceName", "namespace", "port", "address", "localPort"],
  "profiles[]": ["name", "activation", "requiresAllActivations", "patches", "build", "test", "render", "manifests", "deploy", "portForward", "resourceSelector", "verify", "customActions"],
  "profiles[].activation[]": ["env", "kubeContext", "command"],
  "profiles[].patches[]": ["op", "path", "value", "from"],
  "profiles[].build": ["artifacts", "insecureRegistries", "tagPolicy", "platforms", "local", "googleCloudBuild", "cluster"],
  "profiles[].build.local": ["push", "tryImportMissing", "useDockerCLI", "useBuildkit", "concurrency"],
  "profiles[].build.tagPolicy": ["gitCommit", "sha256", "envTemplate", "dateTime", "customTemplate", "inputDigest"],
  "profiles[].build.tagPolicy.gitCommit": ["variant", "prefix", "ignoreChanges"],
};
const structure = [];
(function walk(node, path) {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, `${path}[]`));
  if (!node || typeof node !== "object") return;
  const keys = allowed[path];
  if (!keys) return; // free-form maps (buildArgs, setValueTemplates, patch values) and scalars
  for (const [k, v] of Object.entries(node)) {
    if (!keys.includes(k)) structure.push(`${path || "(top)"}: unknown key '${k}'`);
    walk(v, path ? `${path}.${k}` : k);
  }
})(sk, "");
check("apiVersion skaffold/v4beta11, kind Config, known keys only", [
  sk.apiVersion !== "skaffold/v4beta11" && `apiVersion ${sk.apiVersion}`, sk.kind !== "Config" && `kind ${sk.kind}`, ...structure,
  ...(sk.profiles ?? []).flatMap((p) => (p.patches ?? []).map((x) => !["add", "remove", "replace", "move", "copy", "test"].includes(x.op) && `${p.name}: patch op ${x.op}`)),
]);

const artifacts = sk.build?.artifacts ?? [];
const chartImages = new Map([...Object.entries(values.services ?? {}).map(([n, s]) => [s.image, `services.${n}`]), [values.gateway.image, "gateway"]]);
const release = sk.deploy?.helm?.releases?.[0] ?? {};
const templates = release.setValueTemplates ?? {};
check("artifacts are exactly the chart's images and reach the chart through setValueTemplates", [
  ...artifacts.map((a) => !chartImages.has(a.image) && `artifact ${a.image} is no image of the chart`),
  ...[...chartImages.keys()].map((i) => !artifacts.some((a) => a.image === i) && `chart image ${i} is not built by skaffold`),
  ...artifacts.flatMap((a) => {
    const key = chartImages.get(a.image), v = a.image.replace(/[-.]/g, "_");
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

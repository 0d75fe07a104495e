// Checks deploy/k8s and deploy/compose.yml without a cluster or a container engine:
//   node deploy/k8s/check-manifests.mjs [k8s-dir] [compose-file]
// 1. Every Kubernetes object against the Kubernetes API's own schemas (kubernetes-models, which
//    generates its validators from the Kubernetes OpenAPI document): wrong types, missing required
//    fields and unknown kinds fail, as `kubectl apply --dry-run` would fail them.
// 2. The compose file against the Compose Specification's JSON schema (deploy/schemas, kept as
//    published by the compose-spec project; see deploy/schemas/README.md).
// 3. What the runbook relies on (non-root, secrets by reference, probes, ports, replicas...).
// Prints one line per check; exit 1 if any failed. test/deploy-manifests.spec.ts runs it on the
// real files and on broken copies, so a checker that stopped checking would fail too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'deploy', 'k8s'));
const composeFile = path.resolve(process.argv[3] ?? path.join(root, 'deploy', 'compose.yml'));
let failed = 0;
const check = (condition, message) => {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
  if (!condition) failed++;
};
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const docs = files.flatMap((f) =>
  yaml
    .loadAll(fs.readFileSync(path.join(dir, f), 'utf8'))
    .filter((d) => d !== null && d !== undefined)
    .map((d) => Object.defineProperty(d, '__file', { value: f, enumerable: false })),
);

// 1. Kubernetes schemas. Kustomization is kustomize's own file, not an API object.
for (const d of docs) {
  const where = `${d.__file}: ${d.kind ?? '(no kind)'} ${d.metadata?.name ?? '(no name)'}`;
  if (d.kind === 'Kustomization') continue;
  const [group, version] = String(d.apiVersion ?? '').includes('/') ? d.apiVersion.split('/') : [undefined, d.apiVersion];
  let Model;
  try {
    const models = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
    Model = models[d.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    check(false, `${where}: ${d.apiVersion} ${d.kind} is a kind the Kubernetes API knows`);
    continue;
  }
  try {
    new Model(d).validate();
    check(true, `${where}: valid against the Kubernetes ${d.apiVersion} schema`);
  } catch (e) {
    check(false, `${where}: valid against the Kubernetes ${d.apiVersion} schema (${String(e.message).split('\n').slice(0, 3).join('; ')})`);
  }
}

// 2. The Compose Specification. Its schema names draft-07 by an https URL Ajv does not know.
const composeSchema = JSON.parse(fs.readFileSync(path.join(root, 'deploy', 'schemas', 'compose-spec.json'), 'utf8'));
delete composeSchema.$schema;
const ajv = new Ajv({ allErrors: true, strict: false });
const validCompose = ajv.compile(composeSchema);
const compose = yaml.load(fs.readFileSync(composeFile, 'utf8'));
check(
  validCompose(compose),
  `${path.basename(composeFile)}: valid against the Compose Specification${validCompose.errors ? ` (${validCompose.errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')})` : ''}`,
);

// 3. What the runbook relies on.
check(!docs.some((d) => d.kind === 'Secret'), 'no Secret object (values) committed');
const kustomization = docs.find((d) => d.kind === 'Kustomization');
for (const f of kustomization.resources) check(fs.existsSync(path.join(dir, f)), `kustomization resource exists: ${f}`);
const cm = docs.find((d) => d.kind === 'ConfigMap');
for (const d of docs.filter((x) => x.kind === 'Deployment')) {
  const name = d.metadata.name;
  const t = d.spec.template;
  const c = t.spec.containers[0];
  const selected = Object.entries(d.spec.selector.matchLabels).every(([k, v]) => t.metadata.labels[k] === v);
  check(selected, `${name}: selector matches the template labels`);
  check(t.spec.securityContext.runAsNonRoot === true && c.securityContext.readOnlyRootFilesystem === true && c.securityContext.allowPrivilegeEscalation === false, `${name}: non-root, read-only root filesystem, no privilege escalation`);
  check(Boolean(c.resources.requests && c.resources.limits), `${name}: resource requests and limits`);
  check(c.livenessProbe.httpGet.path === '/health', `${name}: liveness on /health`);
  const port = c.ports[0].containerPort;
  check(port === Number(name.endsWith('api') ? cm.data.PORT : cm.data.WORKER_PORT), `${name}: containerPort ${port} is the configured port`);
  const fromSecret = (c.env || []).filter((e) => e.valueFrom && e.valueFrom.secretKeyRef).map((e) => e.name);
  check(fromSecret.includes('DATABASE_URL') && fromSecret.includes('OIDC_ISSUER'), `${name}: secrets by reference (${fromSecret.join(', ')})`);
  check(!(c.env || []).some((e) => /SECRET|PASSWORD|DATABASE_URL/.test(e.name) && e.value !== undefined), `${name}: no secret value inline`);
  const kekVolume = (t.spec.volumes || []).find((v) => v.secret && v.secret.secretName === 'survivor-fund-narrative-kek');
  const kekMount = kekVolume && (c.volumeMounts || []).find((m) => m.name === kekVolume.name);
  check(
    Boolean(kekMount && kekMount.readOnly && cm.data.NARRATIVE_KEK_FILE && cm.data.NARRATIVE_KEK_FILE.startsWith(`${kekMount.mountPath}/`)),
    `${name}: narrative KEK mounted read-only from its own Secret at NARRATIVE_KEK_FILE`,
  );
  check(!(c.env || []).some((e) => e.name === 'NARRATIVE_KEK' && e.value !== undefined), `${name}: no NARRATIVE_KEK value inline`);
  if (name.endsWith('api')) {
    check(d.spec.replicas === 2, 'api: 2 replicas');
    check(c.readinessProbe.httpGet.path === '/ready', 'api: readiness on /ready');
  } else {
    check(d.spec.replicas === 1 && d.spec.strategy.type === 'Recreate', 'worker: 1 replica, strategy Recreate');
  }
}
for (const p of docs.filter((d) => d.kind === 'PodDisruptionBudget')) {
  const target = p.spec.selector.matchLabels['app.kubernetes.io/name'];
  check(docs.some((d) => d.kind === 'Deployment' && d.spec.selector.matchLabels['app.kubernetes.io/name'] === target), `PodDisruptionBudget ${p.metadata.name} selects a Deployment`);
}
check(cm.data.AUTH_MODE === 'oidc' && cm.data.NODE_ENV === 'production' && cm.data.WORKER_IN_PROCESS === 'false', 'ConfigMap: production, OIDC, no projections in the api');
check(!('NARRATIVE_KEK' in cm.data), 'ConfigMap: no narrative KEK value (only the path of its file)');
check(!('KAFKA_BROKERS' in cm.data), "ConfigMap: Kafka settings are the worker's only");

for (const s of ['api', 'worker']) {
  const env = compose.services[s].environment;
  check(env.EVENT_STORE === 'postgres' && env.AUTH_MODE === 'oidc' && env.HOST === '0.0.0.0', `compose ${s}: postgres, OIDC, HOST 0.0.0.0`);
  check(compose.services[s].env_file[0].path.includes('FUND_SECRETS_DIR'), `compose ${s}: secrets from an env file outside the repository`);
}
for (const s of ['api', 'worker']) {
  const env = compose.services[s].environment;
  check((compose.services[s].secrets || []).includes('narrative_kek') && env.NARRATIVE_KEK_FILE === '/run/secrets/narrative_kek' && !('NARRATIVE_KEK' in env), `compose ${s}: narrative KEK from a secret file`);
}
check(/FUND_SECRETS_DIR/.test(compose.secrets.narrative_kek.file), 'compose: the narrative KEK file lives outside the repository');
check(!('KAFKA_BROKERS' in compose.services.api.environment), 'compose api: no KAFKA_BROKERS');
check(/^apache\/kafka:3\.9\./.test(compose.services.kafka.image) && compose.services.postgres.image === 'postgres:15', 'compose: postgres:15 and apache/kafka 3.9.x');
for (const s of ['postgres', 'kafka', 'api']) check(Boolean(compose.services[s].healthcheck), `compose ${s}: healthcheck`);
process.exit(failed > 0 ? 1 : 0);

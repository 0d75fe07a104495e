// Structural checks of deploy/k8s and deploy/compose.yml (no cluster or container engine needed):
//   node deploy/k8s/check-manifests.cjs
// Parses every document with js-yaml and checks what the runbook relies on. Exit 1 on a failure.
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const root = path.join(__dirname, '..', '..');
const dir = path.join(root, 'deploy', 'k8s');
let failed = 0;
const check = (condition, message) => {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
  if (!condition) failed++;
};

const docs = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')));
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

const compose = yaml.load(fs.readFileSync(path.join(root, 'deploy', 'compose.yml'), 'utf8'));
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

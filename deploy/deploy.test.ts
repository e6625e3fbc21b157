/**
 * No Docker engine or cluster runs where the tests run, so the deployment files are checked here
 * for what can be checked without one: every manifest parses and has what Kubernetes requires,
 * Services, autoscalers and the Ingress point at things that exist, every workload runs as a
 * non-root user with probes and resource requests, the Dockerfile's images are non-root with
 * health checks, and docker-compose.yml's services, images and volumes fit together.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const here = path.dirname(new URL(import.meta.url).pathname);
type Doc = Record<string, any>;
const manifests: Doc[] = readdirSync(path.join(here, 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(here, 'k8s', f), 'utf8')).map((d) => {
      if (d.errors.length) throw new Error(`${f}: ${d.errors[0]!.message}`);
      return d.toJS() as Doc;
    }),
  );
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);

describe('Kubernetes manifests', () => {
  it('parse, and each has apiVersion, kind, a name and the namespace', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const m of manifests) {
      expect(m.apiVersion, JSON.stringify(m.metadata)).toMatch(/^(v1|apps\/v1|autoscaling\/v2|networking\.k8s\.io\/v1)$/);
      expect(m.metadata?.name).toMatch(/^[a-z0-9-]+$/);
      if (m.kind !== 'Namespace') expect(m.metadata.namespace).toBe('tk-commerce');
    }
    expect(new Set(manifests.map((m) => m.kind))).toEqual(new Set(['Namespace', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'Ingress']));
  });

  it('run every workload as non-root, with probes, resource requests and a grace period for draining', () => {
    for (const d of byKind('Deployment')) {
      const pod = d.spec.template.spec;
      expect(d.spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': d.metadata.name }));
      expect(d.spec.template.metadata.labels['app.kubernetes.io/name']).toBe(d.metadata.name);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.livenessProbe, `${d.metadata.name} liveness`).toBeTruthy();
        expect(c.resources.requests.cpu && c.resources.requests.memory).toBeTruthy();
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
        if (c.ports) expect(c.readinessProbe, `${d.metadata.name} readiness`).toBeTruthy();
      }
    }
    const api = byKind('Deployment').find((d) => d.metadata.name === 'api')!;
    expect(api.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz');
    expect(api.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(35); // 5 s drain + 30 s
  });

  it('connect: Services select Deployments and name their ports; autoscalers and the Ingress target what exists', () => {
    const deployments = new Map(byKind('Deployment').map((d) => [d.metadata.name, d]));
    for (const s of byKind('Service')) {
      const target = [...deployments.values()].find((d) => Object.entries(s.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(target, `service ${s.metadata.name}`).toBeTruthy();
      const portNames = target!.spec.template.spec.containers.flatMap((c: Doc) => (c.ports ?? []).map((p: Doc) => p.name));
      for (const p of s.spec.ports) expect(portNames).toContain(p.targetPort);
    }
    for (const h of byKind('HorizontalPodAutoscaler')) {
      expect(deployments.has(h.spec.scaleTargetRef.name)).toBe(true);
      expect(h.spec.minReplicas).toBeLessThanOrEqual(h.spec.maxReplicas);
    }
    const services = new Map(byKind('Service').map((s) => [s.metadata.name, s]));
    for (const rule of byKind('Ingress')[0]!.spec.rules) {
      for (const p of rule.http.paths) {
        const service = services.get(p.backend.service.name);
        expect(service, p.backend.service.name).toBeTruthy();
        expect(service!.spec.ports.map((x: Doc) => x.name)).toContain(p.backend.service.port.name);
      }
    }
    // Everything the workloads read from the ConfigMap and Secret is a setting the platform knows.
    const config = readFileSync(path.join(here, '../packages/core/src/platform/config.ts'), 'utf8');
    for (const source of [...byKind('ConfigMap').map((c) => c.data), ...byKind('Secret').map((s) => s.stringData)]) {
      for (const key of Object.keys(source)) expect(config, key).toContain(`  ${key}:`);
    }
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(path.join(here, 'Dockerfile'), 'utf8');
  const stages = [...text.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)$/gm)].map((m) => ({ image: m[1]!, name: m[2]!, start: m.index! }));
  const body = (name: string) => {
    const i = stages.findIndex((s) => s.name === name);
    return text.slice(stages[i]!.start, stages[i + 1]?.start ?? text.length);
  };

  it('builds api, worker, web and admin as non-root images with health checks', () => {
    for (const target of ['api', 'worker', 'web', 'admin']) {
      const stage = body(target);
      expect(stage, target).toMatch(/^HEALTHCHECK /m);
      // nginx-unprivileged runs as uid 101 by default; the Node images switch to the node user.
      if (target !== 'admin') {
        expect(stage, target).toMatch(/^USER node$/m);
        expect(stage, target).toMatch(/^CMD \[/m);
      }
    }
    expect(stages.find((s) => s.name === 'admin')!.image).toMatch(/^nginxinc\/nginx-unprivileged:\d/);
  });

  it('copies only production dependencies into the runtime images, and every COPY source exists', () => {
    for (const target of ['api', 'worker', 'web']) expect(body(target)).toContain('--from=prod-deps');
    const root = path.join(here, '..');
    for (const m of text.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?(\S+) /gm)) {
      if (m[1] === '.') continue;
      expect(existsSync(path.join(root, m[1]!)), m[1]).toBe(true);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(here, 'docker-compose.yml'), 'utf8'), { merge: true }) as Doc;

  it('runs two API copies behind nginx with PostgreSQL, Redis, the worker, the storefront and the admin', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['admin', 'api-1', 'api-2', 'nginx', 'postgres', 'redis', 'web', 'worker']);
    for (const name of ['api-1', 'api-2']) {
      expect(compose.services[name].build.target).toBe('api');
      expect(compose.services[name].environment.REDIS_URL).toBe('redis://redis:6379');
    }
    const conf = readFileSync(path.join(here, 'nginx/nginx.conf'), 'utf8');
    expect(conf).toMatch(/server api-1:4000/);
    expect(conf).toMatch(/server api-2:4000/);
    expect(conf).toMatch(/location \/v1\/events \{[^}]*proxy_buffering off/);
    for (const [name, service] of Object.entries<Doc>(compose.services)) {
      for (const dep of Object.keys(service.depends_on ?? {}).concat(Array.isArray(service.depends_on) ? service.depends_on : [])) {
        if (typeof dep === 'string' && /^\d+$/.test(dep)) continue;
        expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
      }
      for (const v of service.volumes ?? []) {
        const source = String(v).split(':')[0]!;
        if (!source.startsWith('.')) expect(compose.volumes, `${name} volume ${source}`).toHaveProperty(source);
      }
    }
  });
});

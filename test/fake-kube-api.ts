// Just enough of a Kubernetes API server for Helm's `lookup` of Secrets: version and discovery (/version,
// /api, /apis and each group version, for the kinds the chart renders, which Helm 4 maps before printing)
// and GET of a namespaced Secret from an in-memory store, answering 404 in the API's Status form for
// anything else. What an install writes to a cluster is put in the store by the test,
// so a second render sees it as an upgrade would. Also writes the kubeconfig that points helm at it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';

export interface StoredSecret {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

export interface FakeKubeApi {
  url: string;
  /** GET paths of Secrets asked for, in order. */
  secretReads: string[];
  /** Stores a Secret as a cluster would hold it after an install. */
  put(namespace: string, secret: StoredSecret): void;
  writeKubeconfig(path: string, namespace: string): void;
  close(): Promise<void>;
}

const SECRETS = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/;

// group version → [resource, kind, namespaced]
const DISCOVERY: Record<string, Array<[string, string, boolean]>> = {
  v1: [['secrets', 'Secret', true], ['services', 'Service', true], ['persistentvolumeclaims', 'PersistentVolumeClaim', true],
    ['pods', 'Pod', true], ['configmaps', 'ConfigMap', true], ['serviceaccounts', 'ServiceAccount', true], ['namespaces', 'Namespace', false]],
  'apps/v1': [['deployments', 'Deployment', true], ['statefulsets', 'StatefulSet', true]],
  'batch/v1': [['jobs', 'Job', true]],
  'networking.k8s.io/v1': [['ingresses', 'Ingress', true]],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
  'monitoring.coreos.com/v1': [['servicemonitors', 'ServiceMonitor', true]],
};

function resourceList(groupVersion: string) {
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion,
    resources: DISCOVERY[groupVersion].map(([name, kind, namespaced]) => ({
      name, singularName: kind.toLowerCase(), namespaced, kind, verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'],
    })),
  };
}

function groupList() {
  const groups = Object.keys(DISCOVERY).filter((gv) => gv.includes('/')).map((gv) => {
    const [group, version] = gv.split('/');
    const v = { groupVersion: gv, version };
    return { name: group, versions: [v], preferredVersion: v };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const store = new Map<string, StoredSecret>();
  const secretReads: string[] = [];
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = new URL(req.url ?? '/', 'http://kube').pathname;
    if (req.method !== 'GET') return json(405, status(405, 'MethodNotAllowed', 'read-only'));
    if (path === '/version') return json(200, { major: '1', minor: '30', gitVersion: 'v1.30.0', platform: 'linux/amd64' });
    if (path === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') return json(200, groupList());
    if (path === '/api/v1') return json(200, resourceList('v1'));
    const gv = path.startsWith('/apis/') ? path.slice('/apis/'.length) : '';
    if (DISCOVERY[gv]) return json(200, resourceList(gv));
    const m = SECRETS.exec(path);
    if (m) {
      secretReads.push(path);
      const found = store.get(`${m[1]}/${m[2]}`);
      if (found) return json(200, { apiVersion: 'v1', kind: 'Secret', ...found, metadata: { ...found.metadata, namespace: m[1] } });
      return json(404, status(404, 'NotFound', `secrets "${m[2]}" not found`));
    }
    json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    secretReads,
    put: (namespace, secret) => store.set(`${namespace}/${secret.metadata.name}`, secret),
    writeKubeconfig(path, namespace) {
      writeFileSync(path, [
        'apiVersion: v1', 'kind: Config', 'current-context: fake',
        'clusters:', '- name: fake', '  cluster:', `    server: ${url}`,
        'contexts:', '- name: fake', '  context:', '    cluster: fake', '    user: fake', `    namespace: ${namespace}`,
        'users:', '- name: fake', '  user:', '    token: fake', '',
      ].join('\n'));
    },
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, code, message };
}

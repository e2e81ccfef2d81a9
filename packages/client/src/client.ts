// The typed client of Harbor's API v2.0 and the console's session endpoints, grouped by resource. Types
// come from the contracts (type imports only: nothing of zod reaches a browser bundle).
import type {
  Artifact, AuditLog, ConfigurationsResponse, GeneralInfo, OverallHealthStatus, Label, LabelReq, Project, ProjectDeletable, ProjectMemberEntity, ProjectMetadata,
  ProjectReq, ProjectSummary, Quota, Repository, Robot, RobotCreate, RobotCreated, RobotSec, Search, Statistic,
  Tag, UserCreationReq, UserResp, UserSearchRespItem,
} from '@harbor/contracts';
import { HttpTransport, type HttpOptions, type Page, type Query } from './http.js';

export type { Page, Query } from './http.js';

/** One permission as `GET /users/current/permissions` lists it. */
export interface Permission {
  resource: string;
  action: string;
}

export interface PageQuery {
  page?: number;
  page_size?: number;
  q?: string;
  sort?: string;
}

const API = '/api/v2.0';
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json', 'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
const seg = encodeURIComponent;
/** Harbor expects a repository name inside a path encoded twice (`a/b` → `a%252Fb`). */
const repoSeg = (name: string) => encodeURIComponent(encodeURIComponent(name));

export class HarborClient {
  readonly http: HttpTransport;

  constructor(opts: HttpOptions = {}) {
    this.http = new HttpTransport(opts);
  }

  // — session (the console's login, under /c/) —
  async login(principal: string, password: string): Promise<void> {
    await this.http.send('POST', '/c/login', { form: { principal, password } });
  }

  async logout(): Promise<void> {
    await this.http.send('GET', '/c/log_out');
    this.http.reset();
  }

  // — system —
  /** `GET /systeminfo` (Harbor's GeneralInfo; anonymous callers get a subset). */
  systemInfo = () => this.http.json<GeneralInfo>('GET', `${API}/systeminfo`);
  health = () => this.http.json<OverallHealthStatus>('GET', `${API}/health`);
  statistics = () => this.http.json<Statistic>('GET', `${API}/statistics`);
  search = (q: string) => this.http.json<Search>('GET', `${API}/search`, { query: { q } });
  configurations = () => this.http.json<ConfigurationsResponse>('GET', `${API}/configurations`);
  updateConfigurations = (values: Record<string, unknown>) => this.http.send('PUT', `${API}/configurations`, { json: values });

  // — users —
  currentUser = () => this.http.json<UserResp>('GET', `${API}/users/current`);
  /** What the caller may do at a scope (`/project/{id}` or `/system`), as Harbor's console asks it. */
  permissions = (scope: string) =>
    this.http.json<Permission[]>('GET', `${API}/users/current/permissions`, { query: { scope, relative: true } });
  users = (query: PageQuery = {}) => this.http.page<UserResp>(`${API}/users`, { ...query });
  searchUsers = (username: string) => this.http.page<UserSearchRespItem>(`${API}/users/search`, { username, page_size: 10 });
  createUser = (user: UserCreationReq) => this.http.send('POST', `${API}/users`, { json: user });
  updateUser = (id: number, profile: { email?: string; realname?: string; comment?: string }) =>
    this.http.send('PUT', `${API}/users/${id}`, { json: profile });
  deleteUser = (id: number) => this.http.send('DELETE', `${API}/users/${id}`);
  setSysAdmin = (id: number, sysadmin_flag: boolean) => this.http.send('PUT', `${API}/users/${id}/sysadmin`, { json: { sysadmin_flag } });
  /** An admin resets another user's password by giving only `new_password`. */
  changePassword = (id: number, new_password: string, old_password?: string) =>
    this.http.send('PUT', `${API}/users/${id}/password`, { json: { old_password, new_password } });
  setCliSecret = (id: number, secret: string) => this.http.send('PUT', `${API}/users/${id}/cli_secret`, { json: { secret } });

  // — projects —
  projects = (query: PageQuery & { name?: string; public?: boolean; with_detail?: boolean } = {}) =>
    this.http.page<Project>(`${API}/projects`, { ...query });
  project = (nameOrId: string | number) => this.http.json<Project>('GET', `${API}/projects/${seg(String(nameOrId))}`);
  projectSummary = (nameOrId: string | number) => this.http.json<ProjectSummary>('GET', `${API}/projects/${seg(String(nameOrId))}/summary`);
  projectDeletable = (nameOrId: string | number) =>
    this.http.json<ProjectDeletable>('GET', `${API}/projects/${seg(String(nameOrId))}/_deletable`);
  createProject = (req: ProjectReq) => this.http.send('POST', `${API}/projects`, { json: req });
  updateProject = (nameOrId: string | number, req: { metadata?: ProjectMetadata }) =>
    this.http.send('PUT', `${API}/projects/${seg(String(nameOrId))}`, { json: req });
  deleteProject = (nameOrId: string | number) => this.http.send('DELETE', `${API}/projects/${seg(String(nameOrId))}`);

  // — members —
  members = (project: string | number, query: PageQuery & { entityname?: string } = {}) =>
    this.http.page<ProjectMemberEntity>(`${API}/projects/${seg(String(project))}/members`, { ...query });
  addMember = (project: string | number, username: string, role_id: number) =>
    this.http.send('POST', `${API}/projects/${seg(String(project))}/members`, { json: { role_id, member_user: { username } } });
  updateMember = (project: string | number, memberId: number, role_id: number) =>
    this.http.send('PUT', `${API}/projects/${seg(String(project))}/members/${memberId}`, { json: { role_id } });
  removeMember = (project: string | number, memberId: number) =>
    this.http.send('DELETE', `${API}/projects/${seg(String(project))}/members/${memberId}`);

  // — repositories and artifacts —
  repositories = (project: string, query: PageQuery = {}) =>
    this.http.page<Repository>(`${API}/projects/${seg(project)}/repositories`, { ...query });
  repository = (project: string, repo: string) =>
    this.http.json<Repository>('GET', `${API}/projects/${seg(project)}/repositories/${repoSeg(repo)}`);
  updateRepository = (project: string, repo: string, description: string) =>
    this.http.send('PUT', `${API}/projects/${seg(project)}/repositories/${repoSeg(repo)}`, { json: { description } });
  deleteRepository = (project: string, repo: string) =>
    this.http.send('DELETE', `${API}/projects/${seg(project)}/repositories/${repoSeg(repo)}`);
  artifacts = (project: string, repo: string, query: PageQuery & { with_tag?: boolean; with_label?: boolean; with_accessory?: boolean } = {}) =>
    this.http.page<Artifact>(`${API}/projects/${seg(project)}/repositories/${repoSeg(repo)}/artifacts`, { with_tag: true, with_label: true, ...query });
  artifact = (project: string, repo: string, reference: string) =>
    this.http.json<Artifact>('GET', `${this.artifactPath(project, repo, reference)}`, { query: { with_tag: true, with_label: true, with_accessory: true } });
  deleteArtifact = (project: string, repo: string, reference: string) => this.http.send('DELETE', this.artifactPath(project, repo, reference));
  addition = async (project: string, repo: string, reference: string, name: string): Promise<string> => {
    const res = await this.http.request('GET', `${this.artifactPath(project, repo, reference)}/additions/${seg(name)}`);
    return res.text();
  };
  tags = (project: string, repo: string, reference: string, query: PageQuery = {}) =>
    this.http.page<Tag>(`${this.artifactPath(project, repo, reference)}/tags`, { ...query });
  createTag = (project: string, repo: string, reference: string, name: string) =>
    this.http.send('POST', `${this.artifactPath(project, repo, reference)}/tags`, { json: { name } });
  deleteTag = (project: string, repo: string, reference: string, tag: string) =>
    this.http.send('DELETE', `${this.artifactPath(project, repo, reference)}/tags/${seg(tag)}`);
  addArtifactLabel = (project: string, repo: string, reference: string, labelId: number) =>
    this.http.send('POST', `${this.artifactPath(project, repo, reference)}/labels`, { json: { id: labelId } });
  removeArtifactLabel = (project: string, repo: string, reference: string, labelId: number) =>
    this.http.send('DELETE', `${this.artifactPath(project, repo, reference)}/labels/${labelId}`);

  /**
   * The manifest of an artifact as the registry stores it (pretty-printed JSON text), read from /v2/ with a
   * pull token the token service issues for the console's session.
   */
  manifest = async (repository: string, digest: string): Promise<string> => {
    const scope = `repository:${repository}:pull`;
    const { token } = await this.http.json<{ token: string }>('GET', '/service/token', { query: { service: 'harbor-registry', scope } });
    const res = await this.http.request('GET', `/v2/${repository}/manifests/${digest}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: MANIFEST_ACCEPT },
    });
    const text = await res.text();
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  };

  /** `/api/v2.0/projects/{p}/repositories/{r}/artifacts/{reference}` with Harbor's encoding. */
  artifactPath(project: string, repo: string, reference: string): string {
    return `${API}/projects/${seg(project)}/repositories/${repoSeg(repo)}/artifacts/${seg(reference)}`;
  }

  // — labels —
  labels = (query: PageQuery & { scope: 'g' | 'p'; project_id?: number; name?: string }) => this.http.page<Label>(`${API}/labels`, { ...query });
  createLabel = (label: LabelReq) => this.http.send('POST', `${API}/labels`, { json: label });
  updateLabel = (id: number, label: LabelReq) => this.http.send('PUT', `${API}/labels/${id}`, { json: label });
  deleteLabel = (id: number) => this.http.send('DELETE', `${API}/labels/${id}`);

  // — robot accounts —
  robots = (query: PageQuery = {}) => this.http.page<Robot>(`${API}/robots`, { ...query });
  createRobot = (robot: RobotCreate) => this.http.json<RobotCreated>('POST', `${API}/robots`, { json: robot });
  updateRobot = (id: number, robot: Robot) => this.http.send('PUT', `${API}/robots/${id}`, { json: robot });
  /** A new generated secret (`{}`), or the given one. */
  refreshRobotSecret = (id: number, secret?: string) =>
    this.http.json<RobotSec>('PATCH', `${API}/robots/${id}`, { json: secret === undefined ? {} : { secret } });
  deleteRobot = (id: number) => this.http.send('DELETE', `${API}/robots/${id}`);
  /** What robots may be granted, per level (`system` only for system administrators). */
  robotPermissions = () => this.http.json<{ system?: Permission[]; project?: Permission[] }>('GET', `${API}/permissions`);

  // — audit log and quotas —
  auditLogs = (query: PageQuery = {}) => this.http.page<AuditLog>(`${API}/audit-logs`, { ...query });
  projectLogs = (project: string, query: PageQuery = {}) => this.http.page<AuditLog>(`${API}/projects/${seg(project)}/logs`, { ...query });
  quotas = (query: PageQuery & { reference?: string; reference_id?: string } = {}) => this.http.page<Quota>(`${API}/quotas`, { ...query });
}

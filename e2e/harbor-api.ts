// The few Harbor API calls the access-control suites make through the proxy, as a script or the console
// would: users, projects, members, robot accounts, and registry tokens from /service/token.
import assert from 'node:assert/strict';

export type Auth = Record<string, string>;

export const basic = (user: string, password: string): Auth => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

export interface Robot {
  id: number;
  /** `robot$<project>+<name>`, what clients log in with. */
  name: string;
  secret: string;
}

export class HarborApi {
  constructor(readonly url: string, readonly admin: Auth = basic('admin', 'Harbor12345')) {}

  async call(method: string, path: string, auth: Auth, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.url}/api/v2.0${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  }

  private async expect(status: number, method: string, path: string, auth: Auth, body?: unknown): Promise<unknown> {
    const res = await this.call(method, path, auth, body);
    assert.equal(res.status, status, `${method} ${path} → ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  }

  async createUser(username: string, password: string): Promise<void> {
    await this.expect(201, 'POST', '/users', this.admin, { username, password, email: `${username}@example.com`, realname: username });
  }

  async createProject(name: string, isPublic = false, auth = this.admin): Promise<void> {
    await this.expect(201, 'POST', '/projects', auth, { project_name: name, metadata: { public: String(isPublic) } });
  }

  /** Adds a user to a project with a Harbor role id (1 project admin, 2 developer, 3 guest, 4 maintainer). */
  async addMember(project: string, username: string, roleId: number): Promise<void> {
    await this.expect(201, 'POST', `/projects/${project}/members`, this.admin, { role_id: roleId, member_user: { username } });
  }

  /** A project robot with push and pull on its project's repositories. */
  async createRobot(project: string, name: string, opts: { duration?: number } = {}): Promise<Robot> {
    const access = [{ resource: 'repository', action: 'push' }, { resource: 'repository', action: 'pull' }];
    const body = { name, level: 'project', duration: opts.duration ?? -1, permissions: [{ kind: 'project', namespace: project, access }] };
    return (await this.expect(201, 'POST', '/robots', this.admin, body)) as Robot;
  }

  /** Disables or enables a robot the way the console does: read it, send it back with `disable` set. */
  async setRobotDisabled(id: number, disable: boolean): Promise<void> {
    const shown = (await this.expect(200, 'GET', `/robots/${id}`, this.admin)) as Record<string, unknown>;
    const { name, level, duration, description, permissions } = shown;
    await this.expect(200, 'PUT', `/robots/${id}`, this.admin, { name, level, duration, description, permissions, disable });
  }

  /** A registry token for these scopes (what docker would get), or the refusal's status. */
  async token(scopes: string[], auth: Auth = {}): Promise<{ status: number; token?: string }> {
    const q = new URLSearchParams({ service: 'harbor-registry' });
    for (const s of scopes) q.append('scope', s);
    const res = await fetch(`${this.url}/service/token?${q}`, { headers: auth });
    const body = (await res.json()) as { token?: string };
    return { status: res.status, token: body.token };
  }

  async tokenOrThrow(scopes: string[], auth: Auth = {}): Promise<string> {
    const t = await this.token(scopes, auth);
    assert.equal(t.status, 200);
    return t.token!;
  }
}

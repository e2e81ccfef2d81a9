// Who is calling: Basic credentials checked against users (password or CLI secret) and robot accounts
// (names starting with `robot$`), in Harbor's order. Failed attempts are slowed per account and address.
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyPassword, verifySecret } from '@harbor/auth';
import type { RobotPermission } from '@harbor/contracts';
import type { RobotRecord, RobotRepo } from '../../store/robot.repo.js';
import type { UserRepo } from '../../store/user.repo.js';
import { FailureLimiter } from './failure-limiter.js';

export const ROBOT_PREFIX = 'robot$';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: number; username: string; sysadmin: boolean }
  | { kind: 'robot'; id: number; name: string; level: 'system' | 'project'; projectId: number; permissions: RobotPermission[] };

export function principalName(p: Principal): string {
  if (p.kind === 'user') return p.username;
  if (p.kind === 'robot') return `${ROBOT_PREFIX}${p.name}`;
  return '';
}

export class Authenticator {
  constructor(
    private readonly users: UserRepo,
    private readonly robots: RobotRepo,
    private readonly limiter: FailureLimiter = new FailureLimiter(),
  ) {}

  /** The principal for these credentials, or null when they are wrong (after the slow-down). */
  async basic(username: string, secret: string, clientIp = ''): Promise<Principal | null> {
    const key = `${username}\u0000${clientIp}`;
    const delay = await this.limiter.delayFor(key);
    if (delay) await sleep(delay);
    const principal = username.startsWith(ROBOT_PREFIX)
      ? await this.robot(username.slice(ROBOT_PREFIX.length), secret)
      : await this.user(username, secret);
    if (principal) await this.limiter.succeed(key);
    else await this.limiter.fail(key);
    return principal;
  }

  /** A user's principal by id (sessions), if the account still exists. */
  async userById(id: number): Promise<Principal | null> {
    const user = await this.users.findById(id);
    return user ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  /** The principal behind a name we issued a refresh token to, if the account is still usable. */
  async byName(name: string): Promise<Principal | null> {
    if (name.startsWith(ROBOT_PREFIX)) {
      const robot = await this.robots.findByName(name.slice(ROBOT_PREFIX.length));
      return robot && usable(robot) ? robotPrincipal(robot) : null;
    }
    const user = await this.users.findByName(name);
    return user ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  private async user(username: string, secret: string): Promise<Principal | null> {
    const user = await this.users.findByName(username);
    // verifyPassword does a full hash even without a user, so timing does not reveal which names exist.
    const ok = (await verifyPassword(secret, user?.password ?? null)) ||
      (user?.cliSecret ? await verifySecret(secret, user.cliSecret) : false);
    return user && ok ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  private async robot(name: string, secret: string): Promise<Principal | null> {
    const robot = await this.robots.findByName(name);
    if (!robot || !usable(robot)) return null;
    if (!(await verifySecret(secret, robot.secret))) return null;
    return robotPrincipal(robot);
  }
}

function usable(robot: RobotRecord): boolean {
  return !robot.disabled && (robot.expiresAt === -1 || robot.expiresAt * 1000 >= Date.now());
}

function robotPrincipal(robot: RobotRecord): Principal {
  return {
    kind: 'robot',
    id: robot.id,
    name: robot.name,
    level: robot.level === 'system' ? 'system' : 'project',
    projectId: robot.projectId,
    permissions: robot.permissions as RobotPermission[],
  };
}

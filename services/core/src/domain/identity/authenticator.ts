// Who is calling: Basic credentials checked against users (password or CLI secret) and robot accounts
// (names starting with `robot$`), in Harbor's order. Failed attempts are slowed per account and address.
import { setTimeout as sleep } from 'node:timers/promises';
import { VerifiedSecretCache, verifyPassword, verifySecret } from '@harbor/auth';
import type { RobotPermission } from '@harbor/contracts';
import { isStorableText } from '@harbor/db';
import type { RobotRecord, RobotRepo } from '../../store/robot.repo.js';
import type { UserRepo } from '../../store/user.repo.js';
import { FailureLimiter } from './failure-limiter.js';

export const ROBOT_PREFIX = 'robot$';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: number; username: string; sysadmin: boolean }
  | {
    kind: 'robot'; id: number; name: string; level: 'system' | 'project'; projectId: number; permissions: RobotPermission[];
    /** The robot name prefix (robot_name_prefix) the robot signed in with; ROBOT_PREFIX when absent. */
    prefix?: string;
  };

export function principalName(p: Principal): string {
  if (p.kind === 'user') return p.username;
  if (p.kind === 'robot') return `${p.prefix ?? ROBOT_PREFIX}${p.name}`;
  return '';
}

export class Authenticator {
  /** Clients send the same credentials with every request; the memory-hard hash is paid once per few minutes. */
  private readonly verified = new VerifiedSecretCache();
  constructor(
    private readonly users: UserRepo,
    private readonly robots: RobotRepo,
    private readonly limiter: FailureLimiter = new FailureLimiter(),
    /** The robot_name_prefix setting now: robots sign in as `<prefix><name>`. */
    private readonly robotPrefix: () => Promise<string> = async () => ROBOT_PREFIX,
  ) {}

  /** The principal for these credentials, or null when they are wrong (after the slow-down). */
  async basic(username: string, secret: string, clientIp = ''): Promise<Principal | null> {
    const key = `${username}\u0000${clientIp}`;
    const delay = await this.limiter.attempt(key);
    if (delay) await sleep(delay);
    const prefix = await this.robotPrefix();
    const principal = username.startsWith(prefix)
      ? await this.robot(username.slice(prefix.length), secret, prefix)
      : await this.user(username, secret);
    if (principal) await this.limiter.succeed(key);
    return principal;
  }

  /** A user's principal by id (sessions), if the account still exists. */
  async userById(id: number): Promise<Principal | null> {
    const user = await this.users.findById(id);
    return user ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  /** The principal behind a name we issued a refresh token to, if the account is still usable. */
  async byName(name: string): Promise<Principal | null> {
    const prefix = await this.robotPrefix();
    if (name.startsWith(prefix)) {
      const stored = name.slice(prefix.length);
      const robot = isStorableText(stored) ? await this.robots.findByName(stored) : null;
      return robot && usable(robot) ? robotPrincipal(robot, prefix) : null;
    }
    const user = await this.users.findByName(name);
    return user ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  private async user(username: string, secret: string): Promise<Principal | null> {
    const user = await this.users.findByName(username);
    // verifyPassword does a full hash even without a user, so timing does not reveal which names exist.
    const ok = user
      ? (await this.verified.verify(secret, user.password, verifyPassword)) ||
        (user.cliSecret ? await this.verified.verify(secret, user.cliSecret, verifySecret) : false)
      : await verifyPassword(secret, null);
    return user && ok ? { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin } : null;
  }

  private async robot(name: string, secret: string, prefix: string): Promise<Principal | null> {
    // A name the database cannot hold (NUL, lone surrogates) names no robot; do not ask.
    const robot = isStorableText(name) ? await this.robots.findByName(name) : null;
    if (!robot || !usable(robot)) return null;
    if (!(await this.verified.verify(secret, robot.secret, verifySecret))) return null;
    return robotPrincipal(robot, prefix);
  }
}

function usable(robot: RobotRecord): boolean {
  return !robot.disabled && (robot.expiresAt === -1 || robot.expiresAt * 1000 >= Date.now());
}

function robotPrincipal(robot: RobotRecord, prefix: string): Principal {
  return {
    kind: 'robot',
    prefix,
    id: robot.id,
    name: robot.name,
    level: robot.level === 'system' ? 'system' : 'project',
    projectId: robot.projectId,
    permissions: robot.permissions as RobotPermission[],
  };
}

// Who is calling: Basic credentials checked against users (password or CLI secret) and robot accounts
// (names starting with `robot$`), in Harbor's order. Failed attempts are slowed per account and address.
import { setTimeout as sleep } from 'node:timers/promises';
import { VerifiedSecretCache, verifyPassword, verifySecret, type SecretVerifier } from '@harbor/auth';
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

interface Account {
  /** Which account, for the cache of proven credentials. */
  owner: string;
  principal: Principal;
  /** Stored hashes a secret may match, each with how to check it. */
  hashes: Array<[stored: string, verifier: SecretVerifier]>;
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

  /**
   * The principal for these credentials, or null when they are wrong. Credentials proven right within the
   * last minutes are answered at once: a guess can never be among them, so the slow-down (and its Redis
   * round trips) is only for the rest, and a client's parallel requests do not slow each other.
   */
  async basic(username: string, secret: string, clientIp = ''): Promise<Principal | null> {
    const prefix = await this.robotPrefix();
    const account = username.startsWith(prefix)
      ? await this.robotAccount(username.slice(prefix.length), prefix)
      : await this.userAccount(username);
    if (account?.hashes.some(([stored]) => this.verified.known(account.owner, secret, stored))) return account.principal;
    const key = `${username}\u0000${clientIp}`;
    const delay = await this.limiter.attempt(key);
    if (delay) await sleep(delay);
    if (!account) {
      // A full hash all the same, so timing does not reveal which user names exist.
      if (!username.startsWith(prefix)) await verifyPassword(secret, null);
      return null;
    }
    for (const [stored, verifier] of account.hashes) {
      if (await this.verified.verify(account.owner, secret, stored, verifier)) {
        await this.limiter.succeed(key);
        return account.principal;
      }
    }
    return null;
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

  /** A user and the hashes a secret may match: the password, then the CLI secret. */
  private async userAccount(username: string): Promise<Account | null> {
    const user = await this.users.findByName(username);
    if (!user) return null;
    const hashes: Account['hashes'] = [[user.password, verifyPassword]];
    if (user.cliSecret) hashes.push([user.cliSecret, verifySecret]);
    return { owner: `user:${user.id}`, principal: { kind: 'user', id: user.id, username: user.username, sysadmin: user.sysadmin }, hashes };
  }

  /** A usable robot and its secret's hash. */
  private async robotAccount(name: string, prefix: string): Promise<Account | null> {
    // A name the database cannot hold (NUL, lone surrogates) names no robot; do not ask.
    const robot = isStorableText(name) ? await this.robots.findByName(name) : null;
    if (!robot || !usable(robot)) return null;
    return { owner: `robot:${robot.id}`, principal: robotPrincipal(robot, prefix), hashes: [[robot.secret, verifySecret]] };
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

// Robot accounts as the API manages them (Harbor's src/server/v2.0/handler/robot.go and
// src/controller/robot): creation with a secret shown once, reading, listing per level, updating,
// secret refresh and deletion, each behind the `robot` permission at the robot's level and the
// no-escalation rules.
import { generateSecret, hashSecret, ungrantableRobotAccess } from '@harbor/auth';
import type { Prisma } from '@harbor/db';
import type { RobotCreate, RobotPermission, RobotUpdate } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { ProjectRecord, ProjectRepo } from '../../store/project.repo.js';
import { RobotConflictError, type RobotRepo, type RobotRow } from '../../store/robot.repo.js';
import { ROBOT_PREFIX, type Principal } from '../identity/authenticator.js';
import { RobotAccessPolicy, type RobotLevel } from './robot-access.js';
import { ProjectLookup, resolveRequested, resolveStored, toApiPermissions, toStoredPermissions } from './robot-scopes.js';

export interface RobotView {
  id: number;
  /** With the `robot$` prefix, as clients log in with it. */
  name: string;
  description: string;
  level: RobotLevel;
  duration: number;
  disabled: boolean;
  expiresAt: number;
  permissions: RobotPermission[];
  creatorType: string;
  creatorRef: number;
  creationTime: Date;
  updateTime: Date;
}

export interface RobotCreated {
  id: number;
  name: string;
  secret: string;
  creationTime: Date;
  expiresAt: number;
  /** 0 for system robots. */
  projectId: number;
}

export interface RobotListQuery {
  level: RobotLevel;
  /** 0 for system robots. */
  projectId: number;
  filter: Prisma.RobotWhereInput;
  orderBy: Prisma.RobotOrderByWithRelationInput[];
  page: { offset: number; limit: number | undefined };
}

const DAY_SECONDS = 86_400;
// Column sizes of the robot table: longer values are the client's mistake, not a database error.
const MAX_STORED_NAME = 255;
const MAX_DESCRIPTION = 1024;

const levelOf = (row: RobotRow): RobotLevel => (row.projectId === 0 ? 'system' : 'project');
const expiry = (from: Date, duration: number) => (duration === -1 ? -1 : Math.floor(from.getTime() / 1000) + duration * DAY_SECONDS);

export class RobotService {
  private readonly access: RobotAccessPolicy;
  constructor(
    private readonly robots: RobotRepo,
    private readonly projects: ProjectRepo,
    /** The robot_name_prefix setting now: robots are named and sign in as `<prefix><name>`. */
    private readonly prefix: () => Promise<string> = async () => ROBOT_PREFIX,
  ) {
    this.access = new RobotAccessPolicy(projects);
  }

  async create(principal: Principal, input: RobotCreate): Promise<RobotCreated> {
    rejectUngrantable(input.permissions);
    checkDescription(input.description);
    const lookup = new ProjectLookup(this.projects);
    const project = input.level === 'project' ? await this.projectOfProjectRobot(input.permissions, lookup) : null;
    await this.access.require(principal, input.level, project, 'create');
    if (input.level === 'project' && !project) throw new ApiError('FORBIDDEN', `project ${input.permissions[0].namespace} not found`);
    const scoped = await resolveRequested(input.permissions, lookup);
    await this.access.checkNoEscalation(principal, scoped, lookup);

    const stored = project ? `${project.name}+${input.name}` : input.name;
    if (stored.length > MAX_STORED_NAME) throw new ApiError('BAD_REQUEST', `robot name ${stored} is longer than ${MAX_STORED_NAME} characters`);
    const secret = input.secret ?? generateSecret();
    const creationTime = new Date();
    try {
      const row = await this.robots.create({
        name: stored,
        description: input.description ?? '',
        secretHash: await hashSecret(secret),
        projectId: project?.id ?? 0,
        level: input.level,
        duration: input.duration,
        expiresAt: expiry(creationTime, input.duration),
        disabled: input.disable ?? false,
        permissions: toStoredPermissions(scoped),
        creatorRef: principal.kind === 'anonymous' ? 0 : principal.id,
        creatorType: principal.kind === 'robot' ? 'robot' : 'local',
        creationTime,
      });
      return { id: row.id, name: `${await this.prefix()}${row.name}`, secret, creationTime: row.creationTime, expiresAt: row.expiresAt, projectId: row.projectId };
    } catch (err) {
      if (err instanceof RobotConflictError) throw new ApiError('CONFLICT', `robot account ${await this.prefix()}${stored} already exists`);
      throw err;
    }
  }

  async get(principal: Principal, id: number): Promise<RobotView> {
    const row = await this.authorized(principal, id, 'read');
    return this.view(row, new ProjectLookup(this.projects), await this.prefix());
  }

  async list(principal: Principal, query: RobotListQuery): Promise<{ total: number; items: RobotView[] }> {
    const project = query.level === 'project' ? await this.projects.findById(query.projectId) : null;
    await this.access.require(principal, query.level, project, 'list');
    const { total, items } = await this.robots.list(query.level === 'system' ? 0 : query.projectId, query.filter, query.page, query.orderBy);
    const lookup = new ProjectLookup(this.projects);
    const prefix = await this.prefix();
    return { total, items: await Promise.all(items.map((row) => this.view(row, lookup, prefix))) };
  }

  /** PUT: description, duration, disable and permissions; name, level and project stay as they are. */
  async update(principal: Principal, id: number, input: RobotUpdate): Promise<void> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const row = await this.found(id);
    const level = levelOf(row);
    const duration = input.duration ?? row.duration;
    rejectUngrantable(input.permissions);
    checkDescription(input.description);
    const lookup = new ProjectLookup(this.projects);
    if (level === 'project') {
      const project = await this.projectOfProjectRobot(input.permissions, lookup);
      if (!project) throw new ApiError('NOT_FOUND', `project ${input.permissions[0].namespace} not found`);
      if (project.id !== row.projectId) throw new ApiError('BAD_REQUEST', 'cannot update the project id of robot');
    }
    await this.access.require(principal, level, await this.projectOf(row), 'update');
    if (input.level !== level || input.name !== `${await this.prefix()}${row.name}`) {
      throw new ApiError('BAD_REQUEST', 'cannot update the level or name of robot');
    }
    const scoped = await resolveRequested(input.permissions, lookup);
    await this.access.checkNoEscalation(principal, scoped, lookup);
    const ok = await this.robots.update(id, {
      description: input.description ?? '',
      disabled: input.disable ?? false,
      duration,
      // Harbor counts a changed duration from the robot's creation, not from now.
      expiresAt: duration === row.duration ? row.expiresAt : expiry(row.creationTime, duration),
      permissions: toStoredPermissions(scoped),
    });
    if (!ok) throw new ApiError('NOT_FOUND', `robot ${id} not found`);
  }

  /** The deleted robot's full name and project (0 for system robots), for the audit log. */
  async delete(principal: Principal, id: number): Promise<{ name: string; projectId: number }> {
    const row = await this.authorized(principal, id, 'delete');
    if (!(await this.robots.delete(id))) throw new ApiError('NOT_FOUND', `robot ${id} not found`);
    return { name: `${await this.prefix()}${row.name}`, projectId: row.projectId };
  }

  /**
   * PATCH: sets the given secret, or generates one and returns it. Whoever refreshes takes control of
   * the robot, so the caller must also hold everything the robot holds. Robots cannot be granted
   * `robot:update`, so (as in Harbor) no robot can refresh a secret, its own included.
   */
  async refreshSecret(principal: Principal, id: number, given: string | undefined): Promise<{ secret?: string }> {
    const row = await this.authorized(principal, id, 'update');
    const lookup = new ProjectLookup(this.projects);
    await this.access.checkNoEscalation(principal, await resolveStored(row.permissions, lookup), lookup);
    const secret = given || generateSecret();
    if (!(await this.robots.updateSecret(id, await hashSecret(secret)))) throw new ApiError('NOT_FOUND', `robot ${id} not found`);
    return given ? {} : { secret };
  }

  private async found(id: number): Promise<RobotRow> {
    const row = await this.robots.findById(id);
    if (!row) throw new ApiError('NOT_FOUND', `robot ${id} not found`);
    return row;
  }

  /** Harbor's order: authenticated at all (401), the robot exists (404), the action allowed (403). */
  private async authorized(principal: Principal, id: number, action: string): Promise<RobotRow> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const row = await this.found(id);
    await this.access.require(principal, levelOf(row), await this.projectOf(row), action);
    return row;
  }

  private projectOf(row: RobotRow): Promise<ProjectRecord | null> {
    return row.projectId === 0 ? Promise.resolve(null) : this.projects.findById(row.projectId);
  }

  /** A project robot has exactly one permission (the schema checks the count), naming its project. */
  private async projectOfProjectRobot(permissions: readonly RobotPermission[], lookup: ProjectLookup): Promise<ProjectRecord | null> {
    const p = permissions[0];
    if (p.kind !== 'project' || p.namespace === '*') {
      throw new ApiError('BAD_REQUEST', 'bad request permission: a project robot needs one permission of kind project naming its project');
    }
    return lookup.name(p.namespace);
  }

  private async view(row: RobotRow, lookup: ProjectLookup, prefix: string): Promise<RobotView> {
    return {
      id: row.id,
      name: `${prefix}${row.name}`,
      description: row.description,
      level: levelOf(row),
      duration: row.duration,
      disabled: row.disabled,
      expiresAt: row.expiresAt,
      permissions: toApiPermissions(await resolveStored(row.permissions, lookup)),
      creatorType: row.creatorType,
      creatorRef: row.creatorRef,
      creationTime: row.creationTime,
      updateTime: row.updateTime,
    };
  }
}

/** Harbor's validate: every grant must be one robots may hold at its kind (rbac.PoliciesMap). */
function rejectUngrantable(permissions: readonly RobotPermission[]): void {
  const bad = ungrantableRobotAccess(permissions);
  if (bad.length > 0) throw new ApiError('BAD_REQUEST', `bad request permission: ${bad.map((p) => `${p.resource}:${p.action}`).join(', ')}`);
}

function checkDescription(description: string | undefined): void {
  if (description && description.length > MAX_DESCRIPTION) {
    throw new ApiError('BAD_REQUEST', `description is longer than ${MAX_DESCRIPTION} characters`);
  }
}


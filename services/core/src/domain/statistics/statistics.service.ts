// GET /statistics as Harbor's statistic handler answers it: public project and repository counts for
// everyone signed in; private ones of the caller's own projects (people only); totals, all private
// counts and the storage used for system administrators.
import type { Statistic } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { StatisticsRepo } from '../../store/statistics.repo.js';
import type { Principal } from '../identity/authenticator.js';

export class StatisticsService {
  constructor(private readonly stats: StatisticsRepo) {}

  async get(principal: Principal): Promise<Statistic> {
    if (principal.kind === 'anonymous') throw new ApiError('UNAUTHORIZED', 'UnAuthorized');
    const pub = await this.stats.publicCounts();
    const out: Statistic = {
      private_project_count: 0,
      private_repo_count: 0,
      public_project_count: pub.projects,
      public_repo_count: pub.repositories,
      total_project_count: 0,
      total_repo_count: 0,
      total_storage_consumption: 0,
    };
    if (principal.kind === 'user' && principal.sysadmin) {
      const [total, storage] = await Promise.all([this.stats.totalCounts(), this.stats.totalStorage()]);
      out.total_project_count = total.projects;
      out.total_repo_count = total.repositories;
      out.private_project_count = total.projects - pub.projects;
      out.private_repo_count = total.repositories - pub.repositories;
      out.total_storage_consumption = storage;
    } else if (principal.kind === 'user') {
      const own = await this.stats.privateMemberCounts(principal.id);
      out.private_project_count = own.projects;
      out.private_repo_count = own.repositories;
    }
    return out;
  }
}

// GET /api/v2.0/search?q=: projects and repositories whose names contain q, among those the caller
// may see (Harbor's `Search`: {project: [Project], repository: [SearchRepository]}).
import type { Router } from 'express';
import type { SearchService } from '../../domain/search/search.service.js';
import { ApiError } from '../errors.js';
import { principalOf } from '../middleware/security.middleware.js';
import { escapeLike } from '@harbor/db';
import { queryParam, type QueryInput } from '../query.js';
import { toProjectJson } from './projects.routes.js';

export function registerSearchRoutes(router: Router, search: SearchService): void {
  router.get('/api/v2.0/search', async (req, res) => {
    const q = queryParam(req.query as QueryInput, 'q');
    // q is a required parameter of the swagger: go-swagger refuses a request without it
    if (q === undefined) throw new ApiError('UNPROCESSABLE_ENTITY', 'q in query is required');
    const found = await search.search(principalOf(res), q, escapeLike(q));
    res.json({
      project: found.projects.map(toProjectJson),
      repository: found.repositories.map((r) => ({
        project_id: r.projectId,
        project_name: r.projectName,
        project_public: r.projectPublic,
        repository_name: r.name,
        pull_count: r.pullCount,
        artifact_count: r.artifactCount,
      })),
    });
  });
}

// Wiring of the repository and artifact services, and of the tag immutability rules that guard them (one
// place, called from the composition root).
import type { TokenMinter } from '@harbor/auth';
import type { PrismaClient } from '@harbor/db';
import { AdditionService } from '../domain/artifacts/addition.service.js';
import { ArtifactCopyService } from '../domain/artifacts/artifact-copy.service.js';
import { ArtifactService } from '../domain/artifacts/artifact.service.js';
import { ArtifactLocator } from '../domain/artifacts/locator.js';
import { RepositoryService } from '../domain/artifacts/repository.service.js';
import { TagService } from '../domain/artifacts/tag.service.js';
import type { ProjectService } from '../domain/projects/project.service.js';
import { AccessoryRepo } from '../store/accessory.repo.js';
import { ArtifactCopyRepo } from '../store/artifact-copy.repo.js';
import { ArtifactDeleteRepo } from '../store/artifact-delete.repo.js';
import { ArtifactDetailRepo } from '../store/artifact-detail.repo.js';
import { ArtifactLabelRepo } from '../store/artifact-label.repo.js';
import { ArtifactRepo } from '../store/artifact.repo.js';
import { RegistryContentRepo } from '../store/registry-content.repo.js';
import { RepositoryRepo } from '../store/repository.repo.js';
import { TagRepo } from '../store/tag.repo.js';
import { ImmutableRuleRepo } from '../store/immutable-rule.repo.js';
import { ImmutableTags } from '../domain/immutability/immutable-tags.js';
import { ImmutableRuleService } from '../domain/immutability/immutable-rule.service.js';

export function artifactServices(db: PrismaClient, projects: ProjectService, registry: { url: string; minter: TokenMinter; service: string }) {
  const repositoryRepo = new RepositoryRepo(db);
  const artifactRepo = new ArtifactRepo(db);
  const locator = new ArtifactLocator(projects, repositoryRepo, artifactRepo);
  // tag immutability guards every deletion of tags, and their moves by copy
  const immutableRuleRepo = new ImmutableRuleRepo(db);
  const immutable = new ImmutableTags(immutableRuleRepo);
  return {
    repositories: new RepositoryService(locator, repositoryRepo, artifactRepo, immutable),
    artifacts: new ArtifactService(locator, artifactRepo, new ArtifactDetailRepo(db), new ArtifactDeleteRepo(db), new AccessoryRepo(db), immutable),
    artifactCopy: new ArtifactCopyService(locator, artifactRepo, new ArtifactCopyRepo(db, repositoryRepo), immutable),
    artifactTags: new TagService(locator, new TagRepo(db), new ArtifactLabelRepo(db), immutable),
    artifactAdditions: new AdditionService(new RegistryContentRepo(registry.url, registry.minter, registry.service)),
    immutableRules: new ImmutableRuleService(projects, immutableRuleRepo),
  };
}

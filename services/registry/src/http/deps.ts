// The collaborators the HTTP layer needs, built once in main.ts.
import type { Logger, Metrics } from '@harbor/telemetry';
import type { BlobService } from '../domain/blobs/blob.service.js';
import type { EventPublisher } from '../domain/events/event-publisher.js';
import type { ManifestService } from '../domain/manifests/manifest.service.js';
import type { ProjectQuotas } from '../domain/quotas/project-quotas.js';
import type { UploadService } from '../domain/uploads/upload.service.js';
import type { ArtifactRepo } from '../store/artifact.repo.js';
import type { RepositoryRepo } from '../store/repository.repo.js';
import type { TokenAuth } from './middleware/token-auth.middleware.js';

export interface HttpDeps {
  blobs: BlobService;
  uploads: UploadService;
  manifests: ManifestService;
  /** Project storage quotas, checked before new bytes enter a project. */
  quotas: ProjectQuotas;
  repositories: RepositoryRepo;
  artifacts: ArtifactRepo;
  auth: TokenAuth | null;
  deleteEnabled: boolean;
  relativeUrls: boolean;
  /** Whether write requests are refused (the suite's read-only mode). */
  readOnly?: () => Promise<boolean>;
  /** Push, pull and delete events for the rest of the suite. */
  events: EventPublisher;
  logger: Logger;
  metrics?: Metrics;
}

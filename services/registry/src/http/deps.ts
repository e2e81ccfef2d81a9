// The collaborators the HTTP layer needs, built once in main.ts.
import type { Logger, Metrics } from '@harbor/telemetry';
import type { BlobService } from '../domain/blobs/blob.service.js';
import type { ManifestService } from '../domain/manifests/manifest.service.js';
import type { UploadService } from '../domain/uploads/upload.service.js';
import type { ArtifactRepo } from '../store/artifact.repo.js';
import type { RepositoryRepo } from '../store/repository.repo.js';
import type { TokenAuth } from './middleware/token-auth.middleware.js';

export interface HttpDeps {
  blobs: BlobService;
  uploads: UploadService;
  manifests: ManifestService;
  repositories: RepositoryRepo;
  artifacts: ArtifactRepo;
  auth: TokenAuth | null;
  deleteEnabled: boolean;
  relativeUrls: boolean;
  logger: Logger;
  metrics?: Metrics;
}

// Public surface of @harbor/storage: the driver contract, typed errors, the validating base wrapper, the
// registry, and the two drivers, registered here under the names configuration uses.
import { FilesystemDriver, parseFilesystemParams } from './filesystem/filesystem.driver.js';
import { registerDriver } from './registry.js';
import { S3Driver } from './s3/s3.driver.js';
import { parseS3Params } from './s3/s3.params.js';

export type { FileInfo, FileWriter, RedirectOptions, StorageDriver } from './driver.js';
export {
  InvalidOffsetError,
  InvalidPathError,
  PathNotFoundError,
  StorageError,
  UnsupportedMethodError,
} from './errors.js';
export { BaseDriver, isValidPath, type BaseDriverOptions, type OperationHook } from './base.js';
export { createDriver, registerDriver, registeredDrivers, type DriverFactory } from './registry.js';
export { FilesystemDriver, parseFilesystemParams, type FilesystemDriverParams } from './filesystem/filesystem.driver.js';
export { S3Driver } from './s3/s3.driver.js';
export { parseS3Params, createS3Client, type S3DriverParams, type ResolvedS3Params } from './s3/s3.params.js';

registerDriver('filesystem', (params) => new FilesystemDriver(parseFilesystemParams(params)));
registerDriver('s3', (params) => new S3Driver(parseS3Params(params)));
export { copyRange } from './copy.js';
export { storageDrivers, storageSectionProblems, STORAGE_SETTINGS } from './config-section.js';
export { blobDataPath, blobDir, REGISTRY_ROOT, splitDigest } from './layout.js';

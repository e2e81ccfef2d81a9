// Typed errors every driver throws, so callers never inspect driver-specific error shapes.
export class StorageError extends Error {
  constructor(message: string, readonly driver: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
export class PathNotFoundError extends StorageError {
  constructor(readonly path: string, driver: string) {
    super(`path not found: ${path}`, driver);
  }
}
export class InvalidPathError extends StorageError {
  constructor(readonly path: string, driver: string) {
    super(`invalid path: ${path}`, driver);
  }
}
export class InvalidOffsetError extends StorageError {
  constructor(readonly path: string, readonly offset: number, driver: string) {
    super(`invalid offset ${offset} for ${path}`, driver);
  }
}
export class UnsupportedMethodError extends StorageError {
  constructor(method: string, driver: string) {
    super(`${driver} does not support ${method}`, driver);
  }
}

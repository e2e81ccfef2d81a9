// @harbor/auth: registry bearer tokens (distribution's token auth): libtrust key ids, scopes and access
// checks, verification against a root certificate bundle, minting, and openssl-made signing certificates.
export { libtrustKeyId } from './key-id.js';
export { parseScope, parseScopes, formatScope, accessAllows, type Access, type ResourceActions } from './scope.js';
export { TokenError, type TokenErrorReason } from './token-error.js';
export { TrustStore, parseCertificates, type SigningKey } from './trust.js';
export { TokenVerifier, TOKEN_ALGORITHMS, type TokenVerifierOptions, type VerifiedToken } from './verify.js';
export { TokenMinter, type TokenMinterOptions, type MintRequest, type MintedToken } from './mint.js';
export {
  createSelfSignedCertificate,
  issueCertificate,
  type CertificateOptions,
  type KeyAlgorithm,
  type KeyAndCertificate,
} from './x509.js';
// Harbor's identity and authorisation rules: roles, the permission matrix, evaluators for people and
// robots, the token service's grant decision, password/secret hashing and the password policy.
export {
  ROLE_IDS,
  ROLES,
  ACTIONS,
  CONCRETE_ACTIONS,
  PROJECT_RESOURCES,
  PROJECT_RESOURCE_NAMES,
  SYSTEM_RESOURCES,
  roleId,
  roleById,
  isRole,
  type Role,
  type Action,
  type ProjectResource,
  type SystemResource,
} from './rbac/roles.js';
export {
  ROLE_GRANTS,
  PUBLIC_PROJECT_GRANTS,
  ALL_PROJECT_PERMISSIONS,
  roleAllows,
  publicProjectAllows,
  projectAllows,
  rolePermissions,
  publicProjectPermissions,
} from './rbac/matrix.js';
export {
  projectPermissions,
  robotPermissions,
  robotSystemPermissions,
  type Evaluator,
  type ProjectSubject,
  type RobotSubject,
} from './rbac/evaluator.js';
export {
  TOKEN_REPOSITORY_ACTIONS,
  grantRepositoryActions,
  grantCatalog,
  projectOfRepository,
  requestedProjects,
  resolveAccess,
} from './rbac/token-grant.js';
export { ROBOT_SYSTEM_GRANTABLE, ROBOT_PROJECT_GRANTABLE, ungrantableRobotAccess } from './rbac/robot-grants.js';
export {
  PASSWORD_PARAMS,
  SECRET_PARAMS,
  hashPassword,
  verifyPassword,
  needsRehash,
  hashSecret,
  verifySecret,
  generateSecret,
  type ScryptParams,
} from './password/hash.js';
export {
  PASSWORD_POLICY_MESSAGE,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
  validatePassword,
  type PasswordCheck,
} from './password/policy.js';
export { VerifiedSecretCache, type SecretVerifier } from './password/verified-cache.js';

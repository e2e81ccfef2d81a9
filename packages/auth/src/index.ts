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

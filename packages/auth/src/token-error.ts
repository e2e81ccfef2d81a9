// Why a bearer token was refused. The registry answers every reason with the same 401 (as distribution
// does); the reason is for logs and tests.
export type TokenErrorReason =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'untrusted_chain'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_exp'
  | 'missing_access';

export class TokenError extends Error {
  override readonly name = 'TokenError';

  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

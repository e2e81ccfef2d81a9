// Registry bearer tokens: the JWT claim set distribution 2.8 verifies (docs/spec/auth/jwt.md) and the JSON
// body token services answer with (docs/spec/auth/token.md). Minters, verifiers, the token service and
// e2e tests all read these shapes from here.
import { z } from 'zod';

/** One grant inside a token: `repository:library/nginx:pull,push` becomes {type, name, actions}. */
export const AccessEntrySchema = z.object({
  type: z.string(),
  // distribution's "resource class", e.g. `repository(plugin):…`; omitted for plain resources.
  class: z.string().optional(),
  name: z.string(),
  actions: z.array(z.string()),
});
export type AccessEntry = z.infer<typeof AccessEntrySchema>;

export const TokenClaimsSchema = z.object({
  iss: z.string(),
  // Harbor mints anonymous tokens with an empty subject.
  sub: z.string().optional(),
  // distribution 2.8 reads a single string; RFC 7519 also allows an array, which later versions accept.
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nbf: z.number().optional(),
  iat: z.number().optional(),
  jti: z.string().optional(),
  access: z.array(AccessEntrySchema),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

/**
 * What a token endpoint returns. docker reads `token` on GET and `access_token` on the OAuth2 POST flow,
 * so services send both; `refresh_token` is what docker keeps after login and later trades on POST.
 */
export const TokenResponseSchema = z.object({
  token: z.string(),
  access_token: z.string().optional(),
  expires_in: z.number().int().positive().optional(),
  issued_at: z.string().optional(),
  refresh_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

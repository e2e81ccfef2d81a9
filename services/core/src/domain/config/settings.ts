// How system settings are stored and checked: each key's value as the text Harbor keeps in `properties`
// ("true"/"false", decimal integers, raw strings), and the checks of a PUT /configurations body made
// before any value is written (Harbor's go-swagger binding, then its config controller's rules).
import { CONFIG_KEYS, ConfigurationsSchema, configKind, harborValidationStatus, type ConfigKey, type ConfigValues, type Configurations } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';

const KNOWN = new Set<string>(CONFIG_KEYS);

export function isConfigKey(key: string): key is ConfigKey {
  return KNOWN.has(key);
}

/** The stored text of a value. */
export function encodeSetting(value: string | number | boolean): string {
  return String(value);
}

/** A stored text as its key's value; undefined when the text does not fit the key (then the default applies). */
export function decodeSetting(key: ConfigKey, text: string): string | number | boolean | undefined {
  switch (configKind(key)) {
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'int':
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
    case 'string':
      return text;
  }
}

/** Every key: the stored value where there is a valid one, the default otherwise. */
export function mergeSettings(defaults: Readonly<ConfigValues>, stored: ReadonlyMap<string, string>): Readonly<ConfigValues> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, text] of stored) {
    if (!isConfigKey(k)) continue;
    const value = decodeSetting(k, text);
    if (value !== undefined) out[k] = value;
  }
  return Object.freeze(out) as Readonly<ConfigValues>;
}

// Harbor's verifyValueLengthCfg: durations must be positive (and fit the portal's 10-digit field).
const POSITIVE_KEYS = ['token_expiration', 'robot_token_duration', 'session_timeout'] as const;
const MAX_POSITIVE = 9_999_999_999;

/**
 * The keys and values of a PUT body, or the 4xx Harbor answers: 400 "Missing configuration item" for
 * no body; 422 for a value of the wrong JSON type (go-swagger's binding); 400 for a key Harbor does
 * not know and for a value its rules refuse. `null` means "not given", as in Harbor's pointer model.
 */
export function parseSettingsUpdate(body: unknown): Configurations {
  if (body === undefined || body === null) throw new ApiError('BAD_REQUEST', 'Missing configuration item');
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'parsing configurations body failed: the body must be a JSON object');
  }
  const result = ConfigurationsSchema.safeParse(body);
  if (!result.success) {
    const message = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    if (harborValidationStatus(result.error, body) === 422) throw new ApiError('UNPROCESSABLE_ENTITY', message);
    throw new ApiError('BAD_REQUEST', message);
  }
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && !isConfigKey(key)) throw new ApiError('BAD_REQUEST', `invalid config, item not defined in metadatalist, ${key}`);
  }
  const update = result.data;
  for (const key of POSITIVE_KEYS) {
    const v = update[key];
    if (v !== undefined && v <= 0) throw new ApiError('BAD_REQUEST', `the ${key} value must be positive`);
    if (v !== undefined && v > MAX_POSITIVE) throw new ApiError('BAD_REQUEST', `the ${key} value is over the limit value: ${MAX_POSITIVE}`);
  }
  // Robots log in as "<prefix><name>" with Basic credentials: an empty prefix would make every account a
  // robot, and a colon cannot be part of a Basic user name.
  if (update.robot_name_prefix !== undefined && (update.robot_name_prefix === '' || update.robot_name_prefix.includes(':'))) {
    throw new ApiError('BAD_REQUEST', 'robot_name_prefix must not be empty or contain ":"');
  }
  return update;
}

/** host:port, as Harbor's syslog forwarder dials it. */
export function parseEndpoint(endpoint: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(endpoint);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

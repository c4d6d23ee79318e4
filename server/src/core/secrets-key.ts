/** Parsing SECRETS_KEY is pure, so config validation can refuse a bad key at startup without the crypto layer. */
export class SecretsKeyError extends Error {}

/** Accepts 32 bytes as 64 hex characters or as base64/base64url; anything else is refused. */
export function parseSecretsKey(raw: string): Buffer {
  const s = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(s)) {
    const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new SecretsKeyError('SECRETS_KEY must be 32 bytes, as 64 hex characters or base64 (`openssl rand -hex 32`)');
}

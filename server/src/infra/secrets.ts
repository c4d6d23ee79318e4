import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { parseSecretsKey, SecretsKeyError } from '../core/secrets-key.js';

/**
 * Encryption at rest for small secrets (TOTP seeds) with AES-256-GCM under SECRETS_KEY.
 *
 * Stored form: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The version names the algorithm and
 * layout so a later scheme can be added beside it; the key id (a fingerprint, not the key) turns "SECRETS_KEY
 * was changed" into a clear error instead of a generic authentication failure. The caller passes a context
 * string that is bound as associated data, so a ciphertext copied to another row or purpose does not decrypt.
 */
const VERSION = 'v1';

export { parseSecretsKey, SecretsKeyError } from '../core/secrets-key.js';

export interface SecretBox {
  encrypt(plaintext: string, context: string): string;
  decrypt(stored: string, context: string): string;
}

const keyIdOf = (key: Buffer) =>
  createHash('sha256').update('switchboard-secrets-key-id').update(key).digest('base64url').slice(0, 8);

export function secretBox(rawKey: string): SecretBox {
  const key = parseSecretsKey(rawKey);
  const keyId = keyIdOf(key);
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        keyId,
        iv.toString('base64url'),
        ct.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    decrypt(stored, context) {
      const [version, kid, iv, ct, tag] = stored.split('.');
      if (version !== VERSION || tag === undefined)
        throw new SecretsKeyError(`Unknown encrypted secret format (${version})`);
      if (kid !== keyId) throw new SecretsKeyError('This secret was encrypted with another SECRETS_KEY');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

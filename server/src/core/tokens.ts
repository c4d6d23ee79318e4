import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe token with a readable prefix (`sbs_` session, `sbi_` invitation, `sbk_` API key). */
export const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Tokens are high-entropy, so a plain SHA-256 is the right at-rest form (no salt or stretching needed). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

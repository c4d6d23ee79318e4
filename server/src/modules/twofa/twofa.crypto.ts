import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { hashToken } from '../../core/tokens.js';

/** Clock drift we forgive: ±30 s is exactly one 30-second time step either way (docs/architecture.md (security)). */
const EPOCH_TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

export const newTotpSecret = () => generateSecret();

export const otpauthUri = (secret: string, email: string, accountName: string) =>
  // The account name in the label tells entries apart in the app when one email belongs to several accounts.
  generateURI({ issuer: 'Switchboard', label: `${email} (${accountName.replace(/:/g, ' ')})`, secret });

/**
 * The time step a code belongs to, or null when it is wrong, too old/new, or not after `afterStep` (a replay of
 * an accepted code, or of any code older than it). Callers must still claim the step atomically.
 */
export async function acceptedTimeStep(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  try {
    const r = await verify({
      secret,
      token: code,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    // Malformed input (wrong length, bad characters) is a wrong code, never a 500.
    return null;
  }
}

// No 0/o, 1/l/i: codes get read off paper and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * 16 characters from 31 symbols ≈ 79 bits: too many to brute-force even offline from the hashes, which is why a
 * plain SHA-256 (like session tokens) is enough at rest. Shown grouped as `xxxx-xxxx-xxxx-xxxx`.
 */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

export const hashRecoveryCode = (code: string) => hashToken(`recovery:${normalizeRecoveryCode(code)}`);

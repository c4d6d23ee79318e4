import { z } from 'zod';

// Authenticator apps show "123 456"; people paste it as shown.
const totpCode = z
  .string()
  .max(16)
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'A code is 6 digits'));
const recoveryCode = z.string().min(1).max(64);

export const codeBody = z.strictObject({ code: totpCode });

/** A current authenticator code, or one of the recovery codes for when the device is lost. */
export const proofBody = z
  .strictObject({ code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'Send either code or recoveryCode',
  });
export type Proof = z.output<typeof proofBody>;

export const statusResponse = z.object({
  enabled: z.boolean(),
  /** Enrollment started (a secret waits for its first code) but not confirmed. */
  pending: z.boolean(),
  recoveryCodesRemaining: z.number().int(),
  accountRequires2fa: z.boolean(),
  enrollmentRequired: z.boolean(),
});

export const enrollResponse = z.object({
  /** Carries the secret: shown once, for the authenticator app only. */
  otpauthUri: z.string(),
  /** The same URI as a PNG QR code (`data:image/png;base64,…`). */
  qrCodeDataUrl: z.string(),
});

export const recoveryCodesResponse = z.object({
  /** Shown once: only their hashes are stored. Each works one time. */
  recoveryCodes: z.array(z.string()),
});

export const verifyResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  stage: z.literal('full'),
  enrollmentRequired: z.boolean(),
  /** Set when a recovery code was used: how many unused ones are left. */
  recoveryCodesRemaining: z.number().int().optional(),
});

export const accountSecurityBody = z.strictObject({ require2fa: z.boolean() });
export const accountSecurityResponse = z.object({
  require2fa: z.boolean(),
  /** Active members who have not enrolled: while require2fa is on they can reach only enrollment and sign-out. */
  membersWithout2fa: z.number().int(),
});

export const userIdParams = z.strictObject({ userId: z.uuid() });

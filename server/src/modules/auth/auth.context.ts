import type { Role } from '../../db/entities/user.entity.js';

/** Who is calling, resolved from the session on every request (never trusted from the client). */
export interface AuthContext {
  sessionId: string;
  userId: string;
  accountId: string;
  role: Role;
  email: string;
  name: string;
  isOwner: boolean;
  totpEnabled: boolean;
  /** The account requires 2FA and this user has not enrolled: only enrollment and sign-out are open. */
  enrollmentRequired: boolean;
}

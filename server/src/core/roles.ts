/** The roles and user statuses are domain vocabulary: the permission matrix and the entities both name them. */
export const ROLES = ['admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale'] as const;
export type Role = (typeof ROLES)[number];
export const USER_STATUSES = ['pending', 'active'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

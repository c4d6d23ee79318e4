export { ROLES, USER_STATUSES, type Role, type UserStatus } from '../../core/roles.js';
export { User } from './tenant.entities.js';

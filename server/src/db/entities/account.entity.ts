export { Account } from './tenant.entities.js';

export {
  OWNER_FALLBACKS,
  ROUTING_STRATEGIES,
  type OwnerFallback,
  type RoutingStrategy,
} from '../../core/routing-settings.js';
export { Account } from './tenant.entities.js';

import type { Feature, HeaderItem, NavEntry } from '../lib/feature.js';

// Every feature registers itself by exporting `feature` from src/features/<name>/index.ts(x).
const modules = import.meta.glob<{ feature: Feature }>('../features/*/index.{ts,tsx}', { eager: true });

export const features: Feature[] = Object.values(modules)
  .map((m) => m.feature)
  .filter(Boolean);
export const routes = features.flatMap((f) => f.routes);
export const nav: NavEntry[] = features.flatMap((f) => f.nav ?? []).sort((a, b) => a.order - b.order);
export const headerItems: HeaderItem[] = features.flatMap((f) => (f.header ? [f.header] : []));

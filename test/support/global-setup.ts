import type { TestProject } from 'vitest/node';
import { prepareTemplate } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide('templateDatabase', await prepareTemplate());
}

import { resolve } from 'node:path';

/** The monorepo root (libs/testing/src → ../../..). */
export const REPO_ROOT = resolve(__dirname, '../../..');

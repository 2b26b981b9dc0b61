import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Webpack aliases for the workflow bundle, taken from the monorepo's tsconfig
 * paths. Only workflow-safe packages (`@vigil/workflow-*`) are offered, so a
 * workflow that imports a service library fails to bundle rather than smuggling
 * I/O into deterministic code.
 */
export function workflowBundleAliases(tsconfigPath: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const root = dirname(tsconfigPath);
  const aliases: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (name.startsWith('@vigil/workflow-') && target) aliases[name] = resolve(root, target);
  }
  return aliases;
}

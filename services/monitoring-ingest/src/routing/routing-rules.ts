import type { RoutingRule } from '@vigil/contracts';

export interface CompiledRule {
  label: string;
  pattern: RegExp | null;
}

/** Compiles rules once; a pattern that is not a valid regular expression is named in the error. */
export function compileRoutingRules(rules: RoutingRule[]): CompiledRule[] {
  return rules.map((rule, index) => {
    if (rule.pattern === undefined) return { label: rule.label, pattern: null };
    try {
      return { label: rule.label, pattern: new RegExp(rule.pattern) };
    } catch (error) {
      throw new InvalidRoutingRule(`rule ${index}: pattern is not a valid regular expression (${(error as Error).message})`);
    }
  });
}

export class InvalidRoutingRule extends Error {}

export function environmentKeyOf(rules: CompiledRule[], labels: Record<string, string>): string | null {
  for (const rule of rules) {
    const value = labels[rule.label];
    if (value === undefined || value === '') continue;
    if (!rule.pattern) return value;
    const match = rule.pattern.exec(value);
    const key = match ? (match[1] ?? match[0]) : undefined;
    if (key) return key;
  }
  return null;
}

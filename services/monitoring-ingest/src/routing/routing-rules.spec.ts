import { compileRoutingRules, environmentKeyOf, InvalidRoutingRule } from './routing-rules';

describe('routing rules: alert → environment key (MON-2)', () => {
  const labels = { environment: 'acme-prod-jira', instance: 'globex-prod-confluence.hosts.example:443', empty: '' };

  it('takes a label as it is', () => {
    expect(environmentKeyOf(compileRoutingRules([{ label: 'environment' }]), labels)).toBe('acme-prod-jira');
  });

  it("takes a pattern's first capture group, or the whole match without one", () => {
    expect(environmentKeyOf(compileRoutingRules([{ label: 'instance', pattern: '^([a-z-]+)\\.hosts\\.' }]), labels)).toBe('globex-prod-confluence');
    expect(environmentKeyOf(compileRoutingRules([{ label: 'instance', pattern: '^[a-z]+-prod' }]), labels)).toBe('globex-prod');
  });

  it('falls through to the next rule when a label is missing, empty or does not match', () => {
    const rules = compileRoutingRules([{ label: 'missing' }, { label: 'empty' }, { label: 'instance', pattern: '^nomatch' }, { label: 'environment' }]);
    expect(environmentKeyOf(rules, labels)).toBe('acme-prod-jira');
  });

  it('gives null when no rule applies: the alert is unrouted', () => {
    expect(environmentKeyOf(compileRoutingRules([{ label: 'missing' }]), labels)).toBeNull();
    expect(environmentKeyOf([], labels)).toBeNull();
  });

  it('names a rule whose pattern is not a regular expression', () => {
    expect(() => compileRoutingRules([{ label: 'a' }, { label: 'b', pattern: '([' }])).toThrow(InvalidRoutingRule);
    expect(() => compileRoutingRules([{ label: 'a' }, { label: 'b', pattern: '([' }])).toThrow(/rule 1/);
  });
});

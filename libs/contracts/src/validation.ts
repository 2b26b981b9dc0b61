import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }), ['date-time', 'date', 'uuid', 'email', 'uri', 'ipv4', 'ipv6']);
const compiled = new WeakMap<TSchema, ValidateFunction>();

export class ContractViolation extends Error {
  constructor(readonly errors: string[]) {
    super(`payload violates its contract: ${errors.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function validatorFor(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Returns the list of violations (empty when valid). Compiled once per schema. */
export function violations(schema: TSchema, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export function assertValid<S extends TSchema>(schema: S, value: unknown): Static<S> {
  const errors = violations(schema, value);
  if (errors.length > 0) throw new ContractViolation(errors);
  return value as Static<S>;
}

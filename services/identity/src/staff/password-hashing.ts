import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Type } from '@sinclair/typebox';

/**
 * argon2id cost parameters, always set explicitly (never the library's
 * defaults, which may change under us). The floor is OWASP's Password Storage
 * Cheat Sheet recommendation: m = 19 MiB (19456 KiB), t = 2, p = 1.
 */
export interface Argon2Parameters {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_MINIMUM_ARGON2: Argon2Parameters = { memoryKib: 19_456, timeCost: 2, parallelism: 1 };

/** The configuration of the parameters; the schema's minimums are OWASP's, so a weaker setting stops the process at start. */
export const argon2ConfigSchema = {
  ARGON2_MEMORY_KIB: Type.Integer({ minimum: OWASP_MINIMUM_ARGON2.memoryKib, default: OWASP_MINIMUM_ARGON2.memoryKib }),
  ARGON2_TIME_COST: Type.Integer({ minimum: OWASP_MINIMUM_ARGON2.timeCost, default: OWASP_MINIMUM_ARGON2.timeCost }),
  ARGON2_PARALLELISM: Type.Integer({ minimum: OWASP_MINIMUM_ARGON2.parallelism, maximum: 16, default: OWASP_MINIMUM_ARGON2.parallelism }),
};

export const argon2ParametersOf = (config: { ARGON2_MEMORY_KIB: number; ARGON2_TIME_COST: number; ARGON2_PARALLELISM: number }): Argon2Parameters => ({
  memoryKib: config.ARGON2_MEMORY_KIB,
  timeCost: config.ARGON2_TIME_COST,
  parallelism: config.ARGON2_PARALLELISM,
});

export const hashPassword = (password: string, parameters: Argon2Parameters): Promise<string> =>
  hash(password, { algorithm: Algorithm.Argon2id, memoryCost: parameters.memoryKib, timeCost: parameters.timeCost, parallelism: parameters.parallelism });

export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> => verify(passwordHash, password).catch(() => false);

/** The parameters a PHC-format argon2 hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) was made with, or null if it is not one. */
export function parametersOf(passwordHash: string): (Argon2Parameters & { algorithm: string }) | null {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return null;
  return { algorithm: match[1]!, memoryKib: Number(match[2]), timeCost: Number(match[3]), parallelism: Number(match[4]) };
}

/** A hash made with weaker (or other) parameters than today's is replaced at the next successful sign-in. */
export function needsRehash(passwordHash: string, wanted: Argon2Parameters): boolean {
  const actual = parametersOf(passwordHash);
  if (!actual || actual.algorithm !== 'argon2id') return true;
  return actual.memoryKib !== wanted.memoryKib || actual.timeCost !== wanted.timeCost || actual.parallelism !== wanted.parallelism;
}

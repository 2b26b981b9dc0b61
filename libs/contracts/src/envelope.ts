import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Every event on JetStream travels in this envelope. `id` doubles as the
 * Nats-Msg-Id and as the consumer's inbox key, so a redelivered event is
 * recognised end to end.
 */
export const EventEnvelopeSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1 }),
    occurredAt: Type.String({ format: 'date-time' }),
    data: Type.Unknown(),
  },
  { additionalProperties: false },
);
export type EventEnvelope<T = unknown> = Omit<Static<typeof EventEnvelopeSchema>, 'data'> & { data: T };

/** A versioned event: subject, stream and payload schema in one place. */
export interface EventContract<S extends TSchema = TSchema> {
  readonly type: string;
  readonly version: number;
  readonly subject: string;
  readonly stream: string;
  readonly schema: S;
}

export function defineEvent<S extends TSchema>(stream: StreamContract, type: string, version: number, schema: S): EventContract<S> {
  return { type, version, subject: `${type}.v${version}`, stream: stream.name, schema };
}

export interface StreamContract {
  readonly name: string;
  readonly subjects: string[];
}

import { Type } from '@sinclair/typebox';
import { loadConfig } from '@vigil/platform-config';

export const identityConfigSchema = Type.Object({
  IDENTITY_PORT: Type.Integer({ default: 3040 }),
  HOST: Type.String({ default: '127.0.0.1' }),
});
export const loadIdentityConfig = () => loadConfig(identityConfigSchema);

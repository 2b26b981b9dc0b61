import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  const schema = Type.Object({ PORT: Type.Integer({ minimum: 1, default: 3000 }), NAME: Type.String() });

  it('applies defaults and coerces numbers from the environment', () => {
    expect(loadConfig(schema, { NAME: 'x' })).toEqual({ PORT: 3000, NAME: 'x' });
    expect(loadConfig(schema, { NAME: 'x', PORT: '8080' }).PORT).toBe(8080);
  });

  it('stops with every problem named when config is invalid', () => {
    expect(() => loadConfig(schema, { PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { PORT: 'abc' })).toThrow(/PORT.*NAME|NAME.*PORT/s);
  });
});

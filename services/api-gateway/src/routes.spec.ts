import { AppModule } from './app.module';
import { routesOf } from './routes';

describe('gateway routes', () => {
  const routes = routesOf(AppModule);

  it('are found, health and business routes alike', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'GET', path: '/health/ready' }),
        expect.objectContaining({ method: 'POST', path: '/v1/auth/sign-in' }),
        expect.objectContaining({ method: 'GET', path: '/v1/tickets/:ticketId' }),
      ]),
    );
  });

  it('every one declares who may call it (deny by default)', () => {
    expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

import { dropDatabase } from '../../libs/testing/src'; // relative: jest does not map paths for global setup

export default async function globalTeardown(): Promise<void> {
  await globalThis.__vigilTemporal?.stop();
  const template = process.env['VIGIL_TEST_TEMPLATE_DB'];
  if (template) await dropDatabase(template);
}

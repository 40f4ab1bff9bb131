import { openStore, StoreError } from '../../../src/store';
import { captureLogger } from './support';

describe('openStore: choosing the backend from STORE_URL', () => {
  test('memory: opens an in-process store', async () => {
    const store = await openStore('memory:', { logger: captureLogger() });
    expect(store.description).toBe('memory:');
    await store.close();
  });

  test.each([
    ['postgres://db/state', 'unknown scheme'],
    ['data/state.sqlite', 'unknown scheme'],
    ['sqlite:', 'unknown scheme'],
    ['sqlite://', 'needs a file path'],
    ['sqlite:///tmp/', 'needs a file path'],
    ['redis://', 'needs a host'],
    ['redis://localhost:6379/cache', 'database after the host must be a number'],
  ])('%s → StoreError store_url_invalid naming STORE_URL and the accepted forms', async (url, why) => {
    const error = await openStore(url, { logger: captureLogger(), cwd: '/tmp' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'store_url_invalid' });
    const message = (error as Error).message;
    expect(message).toContain(`STORE_URL=${url}`);
    expect(message).toContain(why);
    expect(message).toContain('sqlite:///absolute/path.sqlite');
    expect(message).toContain('redis://host:port[/db]');
    expect(message).toContain('memory:');
  });

  test('a password in a bad URL is not echoed back', async () => {
    const error = await openStore('redis://:hunter22@localhost:6379/cache', { logger: captureLogger() }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('hunter22');
    expect((error as Error).message).toContain('redis://:***@localhost');
  });

  test('an invalid keyPrefix is refused', async () => {
    await expect(openStore('memory:', { logger: captureLogger(), keyPrefix: 'a*b' })).rejects.toThrow(TypeError);
  });
});

import { openStore } from '../../../src/store';
import { runStoreContract } from './contract';
import { captureLogger, fakeClock } from './support';

runStoreContract(
  'memory:',
  async () => {
    const logger = captureLogger();
    const clock = fakeClock();
    const store = await openStore('memory:', { logger, now: clock.now });
    return {
      store,
      logger,
      advance: async (ms) => clock.advance(ms),
      cleanup: () => store.close(),
    };
  },
  { sharedData: false, rawWrites: false },
);

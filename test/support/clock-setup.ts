/** Every test process lives on the day TEST_NOW names, as the runtime it drives does (shared/time/clock.ts). */
import { clockFromEnv, setClock } from '../../shared/time/clock.ts';

const testClock = clockFromEnv();
if (testClock) setClock(testClock);

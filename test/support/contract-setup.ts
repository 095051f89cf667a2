/**
 * The integration project's setup file: a test that got an answer breaking the served contract
 * fails, even when the call that got it was retried or its error caught (test/support/contract.ts).
 */
import { afterAll, afterEach } from 'vitest';
import { takeViolations } from './contract.ts';

const failOnViolations = () => {
  const found = takeViolations();
  if (found.length) throw new Error(`${found.length} answer(s) broke the served contract:\n${[...new Set(found)].join('\n')}`);
};

afterEach(failOnViolations);
afterAll(failOnViolations);

/**
 * Observability, set up once: one Powertools Logger per service (JSON, correlation id from the
 * API Gateway request id or the message's envelope). The log level comes from LOG_LEVEL /
 * POWERTOOLS_LOG_LEVEL. Tracing is Lambda's active tracing (set by the CDK), without the X-Ray SDK
 * in the code: importing it (Powertools Tracer) turns on async-hook context tracking for every
 * promise in the process, which cost the local runtime, where all functions share one process,
 * about half its request throughput (docs/benchmarks.md).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';

const loggers = new Map<string, Logger>();

export function loggerFor(service: string): Logger {
  let logger = loggers.get(service);
  if (!logger) {
    logger = new Logger({ serviceName: service, correlationIdSearchFn: search });
    loggers.set(service, logger);
  }
  return logger;
}

/**
 * Observability, set up once: one Powertools Logger per service (JSON, correlation id from the
 * API Gateway request id or the message's envelope), a Tracer and Metrics. In the local runtime
 * tracing is off (no X-Ray daemon) and the log level comes from LOG_LEVEL / POWERTOOLS_LOG_LEVEL.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { Tracer } from '@aws-lambda-powertools/tracer';

const loggers = new Map<string, Logger>();

export function loggerFor(service: string): Logger {
  let logger = loggers.get(service);
  if (!logger) {
    logger = new Logger({ serviceName: service, correlationIdSearchFn: search });
    loggers.set(service, logger);
  }
  return logger;
}

const tracers = new Map<string, Tracer>();
export function tracerFor(service: string): Tracer {
  let tracer = tracers.get(service);
  if (!tracer) {
    tracer = new Tracer({ serviceName: service, captureHTTPsRequests: true });
    tracers.set(service, tracer);
  }
  return tracer;
}

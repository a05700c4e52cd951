/**
 * Seconds to wait before each retry, after the first attempt fails: Standard
 * Webhooks' schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), so a delivery
 * gets 8 attempts over about 27 hours before it is given up.
 */
export const WEBHOOK_RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/** Each delay is spread by up to this fraction either way, so retries after an outage do not arrive together. */
export const RETRY_JITTER = 0.1;

/**
 * The delay before the next attempt after `failedAttempts` failures, with
 * jitter; undefined when the schedule is spent and the delivery should be given up.
 */
export function retryDelayMs(
  failedAttempts: number,
  schedule: readonly number[] = WEBHOOK_RETRY_SCHEDULE_SECONDS,
  random: () => number = Math.random,
): number | undefined {
  const seconds = schedule[failedAttempts - 1];
  if (seconds === undefined) return undefined;
  const spread = 1 - RETRY_JITTER + 2 * RETRY_JITTER * random();
  return Math.round(seconds * 1000 * spread);
}

// A rate limit per provider: at most `ratePerSecond` on average, in bursts of at most `burst`. Providers
// (an SMSC, an SMTP relay) throttle or cut off clients that go faster than agreed. This is a token
// bucket written as its equivalent, the generic cell rate algorithm: one "theoretical arrival time".

export interface TokenBucket {
  /** Returns at once when a token is free, or a promise that resolves when the caller's turn comes. */
  take(): Promise<void> | void;
}

export function tokenBucket(
  ratePerSecond: number,
  burst = Math.max(1, Math.ceil(ratePerSecond / 10)),
  now: () => number = () => performance.now(),
): TokenBucket {
  const interval = 1000 / ratePerSecond;
  const tolerance = interval * (burst - 1);
  let theoretical = now();
  return {
    take() {
      const t = now();
      theoretical = Math.max(theoretical, t);
      const wait = theoretical - t - tolerance;
      theoretical += interval;
      if (wait <= 0) return;
      return new Promise<void>((resolve) => setTimeout(resolve, wait));
    },
  };
}

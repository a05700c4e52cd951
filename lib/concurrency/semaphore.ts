export interface Semaphore {
  /** Waits for a free slot; call the returned function to give it back. */
  acquire(): Promise<() => void>;
}

/** At most `limit` holders at once; waiters are served first come, first served. */
export function createSemaphore(limit: number): Semaphore {
  let available = limit;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else available++;
  };
  return {
    async acquire() {
      if (available > 0) available--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let isReleased = false;
      return () => {
        if (isReleased) return;
        isReleased = true;
        release();
      };
    },
  };
}

/**
 * Runs `run` over `items` with at most `concurrency` in flight. After the first
 * failure no new item starts; the in-flight ones are awaited, then the first
 * error is thrown.
 */
export async function runWithConcurrency<Item>(input: {
  items: readonly Item[];
  concurrency: number;
  run: (item: Item) => Promise<void>;
}): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function lane(): Promise<void> {
    while (!failure && next < input.items.length) {
      const item = input.items[next] as Item;
      next += 1;
      try {
        await input.run(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  const lanes = Math.max(1, Math.min(Math.floor(input.concurrency), input.items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure) throw failure.error;
}

import type { AppContext } from "@/lib/context";

export interface PerContext<T> {
  /** The context's value, made on first use. */
  of(context: AppContext): T;
  /** The context's value if it was made, without making it. */
  peek(context: AppContext): T | undefined;
}

/**
 * One value per context (caches, clients), made on first use and gone with its
 * context: tests with their own contexts never share one, and nothing outlives
 * a closed context.
 */
export function perContext<T>(make: (context: AppContext) => T): PerContext<T> {
  const values = new WeakMap<AppContext, T>();
  return {
    of(context) {
      let value = values.get(context);
      if (value === undefined) {
        value = make(context);
        values.set(context, value);
      }
      return value;
    },
    peek: (context) => values.get(context),
  };
}

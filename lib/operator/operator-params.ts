import { z } from "zod";

/** Path parameters of the operator routes. */
export const CustomerIdParams = z.object({ customerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
export const JobIdParams = z.object({ jobId: z.string().min(1).max(64) });

/** Query of the dead-letter view: how many messages to show. */
export const DeadLettersQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

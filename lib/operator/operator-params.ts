import { z } from "zod";

/** Path parameters of the operator routes. */
export const CustomerIdParams = z.object({ customerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) });
export const JobIdParams = z.object({ jobId: z.string().min(1).max(64) });

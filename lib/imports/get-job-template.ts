import type { AppContext } from "@/lib/context";
import type { Job } from "@/lib/db/jobs";
import { PermanentError, isAppError } from "@/lib/errors";
import type { Template } from "@/lib/imports/template";
import { getTemplate } from "@/lib/imports/templates";

/**
 * The template a job imports with: exactly the version it was created with (the
 * latest for jobs made before versions). A template that is gone fails the job
 * for good rather than retrying.
 */
export async function getJobTemplate(context: AppContext, job: Pick<Job, "customerId" | "templateId" | "templateVersion">): Promise<Template> {
  try {
    return await getTemplate(context, { customerId: job.customerId, templateId: job.templateId, version: job.templateVersion });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") throw new PermanentError(error.message, { cause: error });
    throw error;
  }
}

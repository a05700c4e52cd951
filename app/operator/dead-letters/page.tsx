import type { Metadata } from "next";
import { requirePageSession } from "@/app/_lib/page-session";
import { OperatorDeadLetters } from "@/components/operator-dead-letters";

export const metadata: Metadata = { title: "Dead letters" };
export const dynamic = "force-dynamic";

export default async function DeadLettersPage() {
  await requirePageSession(["operator"]);
  return (
    <section>
      <h1>Dead letters</h1>
      <p className="hint">
        Messages that failed on every attempt. A failed job named by one is retried from the start on redrive; any other message goes back to
        the work queue as it was.
      </p>
      <OperatorDeadLetters />
    </section>
  );
}

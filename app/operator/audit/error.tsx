"use client";

import { OperatorPageError } from "@/components/operator-page-error";

export default function AuditError({ reset }: { reset: () => void }) {
  return <OperatorPageError what="The audit log" reset={reset} />;
}

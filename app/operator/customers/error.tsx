"use client";

import { OperatorPageError } from "@/components/operator-page-error";

export default function CustomersError({ reset }: { reset: () => void }) {
  return <OperatorPageError what="Customers" reset={reset} />;
}

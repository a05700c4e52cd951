import { redirect } from "next/navigation";
import { findPageSession, homePathFor } from "@/app/_lib/page-session";

export default async function HomePage() {
  const session = await findPageSession();
  redirect(session ? homePathFor(session) : "/signin");
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { findPageSession, homePathFor } from "@/app/_lib/page-session";
import { SignInForm } from "@/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  const session = await findPageSession();
  if (session) redirect(homePathFor(session));
  return (
    <section className="card narrow">
      <h1>Sign in to Intake</h1>
      <SignInForm />
    </section>
  );
}

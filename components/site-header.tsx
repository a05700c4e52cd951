import Link from "next/link";
import type { PortalSession } from "@/lib/auth/portal-session";
import { SignOutButton } from "@/components/sign-out-button";

export function SiteHeader({ session }: { session?: PortalSession }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Intake
      </Link>
      {session && (
        <nav aria-label="Main">
          {session.role === "operator" ? (
            <>
              <Link href="/operator/overview">Overview</Link>
              <Link href="/operator">All jobs</Link>
              <Link href="/operator/customers">Customers</Link>
              <Link href="/operator/audit">Audit log</Link>
              <Link href="/operator/dead-letters">Dead letters</Link>
            </>
          ) : (
            <>
              <Link href="/jobs">Jobs</Link>
              <Link href="/upload">New import</Link>
              <Link href="/records">Records</Link>
              <Link href="/templates">Templates</Link>
              <Link href="/api-keys">API keys</Link>
              <Link href="/team">Team</Link>
            </>
          )}
        </nav>
      )}
      {session && (
        <div className="account">
          <span>{session.email}</span>
          <SignOutButton />
        </div>
      )}
    </header>
  );
}

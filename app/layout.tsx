import type { Metadata } from "next";
import type { ReactNode } from "react";
import { findPageSession } from "@/app/_lib/page-session";
import { Providers } from "@/components/providers";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Intake", template: "%s · Intake" },
  description: "Bulk imports of very large record files, validated, encrypted and tracked live.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await findPageSession();
  return (
    <html lang="en">
      <body>
        <Providers>
          <SiteHeader session={session} />
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}

import { z } from "zod";

// In the browser only: zod probes for `new Function` to compile fast parsers, and
// under the portal's CSP (no 'unsafe-eval') Chromium reports that caught probe as
// a violation. The few payloads a page parses need no compiled parser. Servers
// and workers keep the fast path.
if (typeof window !== "undefined") z.config({ jitless: true });

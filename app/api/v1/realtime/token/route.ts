import { withApiKey } from "@/lib/http/with-api-key";
import { issueSocketToken } from "@/lib/realtime/socket-token";

export const POST = withApiKey({ scope: "imports:read" }, async ({ context, customerId, caller }) => {
  const issued = issueSocketToken({ secret: context.config.AUTH_SECRET ?? "", customerId, keyId: caller.apiKey.keyId });
  return Response.json({ ...issued, path: "/socket.io/" }, { status: 201 });
});

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { portalApi } from "@/components/portal-api";
import { isTerminalState } from "@/lib/imports/job-states";
import { applyProgressEvent, type JobView } from "@/lib/imports/job-view";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

const POLL_MS = 2_000;

/**
 * A job kept live: Socket.IO events update the react-query cache (stale events
 * dropped by sequence number); on reconnect the job is fetched again so the bar
 * never sticks; while the socket is down the query polls instead.
 */
export function useLiveJob(initialJob: JobView): { job: JobView; isLive: boolean } {
  const queryClient = useQueryClient();
  const queryKey = ["job", initialJob.jobId];
  const [isLive, setIsLive] = useState(false);
  const { data: job = initialJob } = useQuery({
    queryKey,
    queryFn: () => portalApi.getJob(initialJob.jobId),
    initialData: initialJob,
    refetchInterval: (query) => (isLive || isTerminalState(query.state.data?.state ?? initialJob.state) ? false : POLL_MS),
  });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ withCredentials: true });
    const jobId = initialJob.jobId;
    socket.on("connect", () => {
      socket.emit("job:subscribe", { jobId }, (result) => {
        setIsLive(result.ok);
        void queryClient.invalidateQueries({ queryKey: ["job", jobId] });
      });
    });
    socket.on("disconnect", () => setIsLive(false));
    socket.on("job:progress", (event) => {
      queryClient.setQueryData<JobView>(["job", jobId], (current) => (current ? applyProgressEvent(current, event) : current));
      if (isTerminalState(event.state)) void queryClient.invalidateQueries({ queryKey: ["job", jobId] });
    });
    return () => {
      socket.disconnect();
    };
  }, [initialJob.jobId, queryClient]);

  return { job, isLive };
}

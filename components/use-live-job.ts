"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { portalApi } from "@/components/portal-api";
import { isTerminalState } from "@/lib/imports/job-states";
import { applyProgressEvent, type JobView } from "@/lib/imports/job-view";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

const POLL_MS = 2_000;
/** Live events are advisory (the bus may lose some while Redis is away): even a live page reads the job now and then. */
const LIVE_CHECK_MS = 10_000;

export interface LiveJobSource {
  /** Reads the job fresh (the customer's route, or the operator's). */
  fetchJob: (jobId: string) => Promise<JobView>;
  /** First part of the react-query key, so the two routes never share a cache entry. */
  cacheKey: string;
}

const CUSTOMER_SOURCE: LiveJobSource = { fetchJob: portalApi.getJob, cacheKey: "job" };

/**
 * A job kept live: Socket.IO events update the react-query cache (stale events
 * dropped by sequence number, other jobs' events ignored: a socket also hears its
 * customer's or the operators' room); on (re)subscribe the job is fetched again so
 * the bar never sticks; while the socket is down the query polls instead, and
 * while it is up, slowly, in case events were lost.
 */
export function useLiveJob(initialJob: JobView, source: LiveJobSource = CUSTOMER_SOURCE): { job: JobView; isLive: boolean } {
  const queryClient = useQueryClient();
  const jobId = initialJob.jobId;
  const { fetchJob, cacheKey } = source;
  const [isLive, setIsLive] = useState(false);
  const { data: job = initialJob } = useQuery({
    queryKey: [cacheKey, jobId],
    queryFn: () => fetchJob(jobId),
    initialData: initialJob,
    refetchInterval: (query) => (isTerminalState(query.state.data?.state ?? initialJob.state) ? false : isLive ? LIVE_CHECK_MS : POLL_MS),
  });

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ withCredentials: true });
    const queryKey = [cacheKey, jobId];
    socket.on("connect", () => {
      socket.emit("job:subscribe", { jobId }, (result) => {
        setIsLive(result.ok);
        void queryClient.invalidateQueries({ queryKey });
      });
    });
    socket.on("disconnect", () => setIsLive(false));
    socket.on("job:progress", (event) => {
      if (event.jobId !== jobId) return;
      queryClient.setQueryData<JobView>(queryKey, (current) => (current ? applyProgressEvent(current, event) : current));
      if (isTerminalState(event.state)) void queryClient.invalidateQueries({ queryKey });
    });
    return () => {
      socket.disconnect();
    };
  }, [jobId, cacheKey, queryClient]);

  return { job, isLive };
}

import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  assertTransition,
  canTransition,
  isTerminalState,
  JOB_STATES,
  statesLeadingTo,
  TERMINAL_STATES,
  type JobState,
} from "@/lib/imports/job-states";

const HAPPY_PATH: JobState[] = ["awaiting_upload", "queued", "planning", "running", "finalizing", "succeeded"];
const NON_TERMINAL: JobState[] = ["awaiting_upload", "queued", "planning", "running", "finalizing"];

describe("job states", () => {
  it("allows every step of the happy path in order", () => {
    for (let index = 1; index < HAPPY_PATH.length; index++) {
      expect(canTransition(HAPPY_PATH[index - 1]!, HAPPY_PATH[index]!)).toBe(true);
    }
  });

  it("allows finalizing to end with errors", () => {
    expect(canTransition("finalizing", "completed_with_errors")).toBe(true);
  });

  it("allows every non-terminal state to fail", () => {
    for (const state of NON_TERMINAL) expect(canTransition(state, "failed")).toBe(true);
  });

  it("allows cancelling until the job is finalizing", () => {
    expect(NON_TERMINAL.filter((state) => canTransition(state, "cancelled"))).toEqual([
      "awaiting_upload",
      "queued",
      "planning",
      "running",
    ]);
    expect(canTransition("finalizing", "cancelled")).toBe(false);
  });

  it("refuses moving backwards, skipping ahead or staying put", () => {
    expect(canTransition("running", "queued")).toBe(false);
    expect(canTransition("queued", "running")).toBe(false);
    expect(canTransition("awaiting_upload", "succeeded")).toBe(false);
    expect(canTransition("running", "succeeded")).toBe(false);
    for (const state of JOB_STATES) expect(canTransition(state, state)).toBe(false);
  });

  it("gives terminal states no exits", () => {
    expect([...TERMINAL_STATES].sort()).toEqual(["cancelled", "completed_with_errors", "failed", "succeeded"]);
    for (const from of TERMINAL_STATES) {
      expect(isTerminalState(from)).toBe(true);
      for (const to of JOB_STATES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("does not call a state terminal while it can still move", () => {
    for (const state of NON_TERMINAL) expect(isTerminalState(state)).toBe(false);
  });

  it("throws an invalid_state AppError naming both states for an illegal move", () => {
    let caught: unknown;
    try {
      assertTransition("succeeded", "running");
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe("invalid_state");
    expect(error.status).toBe(409);
    expect(error.message).toBe("A job cannot move from succeeded to running.");
    expect(error.detail).toEqual({ from: "succeeded", to: "running" });
  });

  it("does not throw for a legal move", () => {
    expect(() => assertTransition("queued", "planning")).not.toThrow();
  });

  it("lists the states that lead to a target, in lifecycle order", () => {
    expect(statesLeadingTo("queued")).toEqual(["awaiting_upload"]);
    expect(statesLeadingTo("succeeded")).toEqual(["finalizing"]);
    expect(statesLeadingTo("failed")).toEqual(NON_TERMINAL);
    expect(statesLeadingTo("cancelled")).toEqual(["awaiting_upload", "queued", "planning", "running"]);
  });

  it("lists no state leading to the initial state", () => {
    expect(statesLeadingTo("awaiting_upload")).toEqual([]);
  });

  it("agrees with canTransition for every pair", () => {
    for (const to of JOB_STATES) {
      for (const from of JOB_STATES) {
        expect(statesLeadingTo(to).includes(from)).toBe(canTransition(from, to));
      }
    }
  });
});

/** A protobuf Duration from a workflow history (a retry interval, a timeout), in milliseconds; its seconds may be a Long. */
export function durationMs(duration: { seconds?: unknown; nanos?: number | null } | null | undefined): number | undefined {
  if (!duration) return undefined;
  return Number(duration.seconds ?? 0) * 1000 + (duration.nanos ?? 0) / 1e6;
}

// Where one Workflow Update's time goes, read from the entity workflow's history: the server
// stamps every event, so the gaps between them show task-queue round trips and activity work.
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

interface JsonEvent {
  eventTime: string;
  eventType: string;
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  markerRecordedEventAttributes?: { markerName?: string };
}

const short = (type: string) => type.replace(/^EVENT_TYPE_/, '').toLowerCase();

function label(event: JsonEvent): string {
  const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (activity) return `${short(event.eventType)} ${activity}`;
  const marker = event.markerRecordedEventAttributes?.markerName;
  if (marker) return `${short(event.eventType)} ${marker}`;
  return short(event.eventType);
}

/**
 * The events of the last `updateName` update of the workflow, from the workflow task that
 * accepted it to its completion, each with the milliseconds since the previous one.
 */
export async function lastUpdatePhases(client: Client, workflowId: string, updateName: string): Promise<string[]> {
  const history = JSON.parse(historyToJSON(await client.workflow.getHandle(workflowId).fetchHistory())) as { events: JsonEvent[] };
  const events = history.events;
  let accepted = -1;
  events.forEach((event, index) => {
    if (event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === updateName) accepted = index;
  });
  if (accepted < 0) return [`no ${updateName} update in the history`];
  // The workflow task that delivered the update starts just before its acceptance.
  let first = accepted;
  while (first > 0 && !events[first]!.eventType.endsWith('WORKFLOW_TASK_SCHEDULED')) first -= 1;
  let last = accepted;
  while (last < events.length - 1 && !events[last]!.eventType.endsWith('UPDATE_COMPLETED')) last += 1;
  const lines: string[] = [];
  for (let index = first; index <= last; index += 1) {
    const event = events[index]!;
    const gap = index === first ? 0 : Date.parse(event.eventTime) - Date.parse(events[index - 1]!.eventTime);
    lines.push(`+${String(gap).padStart(4)} ms  ${label(event)}`);
  }
  const total = Date.parse(events[last]!.eventTime) - Date.parse(events[first]!.eventTime);
  lines.push(`= ${total} ms from the workflow task that delivered it to its completion`);
  return lines;
}

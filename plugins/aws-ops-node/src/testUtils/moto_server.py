"""moto's server with CloudWatch DescribeAlarmHistory added, for the tests.

moto 5.2.1 has no DescribeAlarmHistory, but it records every SetAlarmState of
an alarm: `Alarm.update_state` appends the state being left (type, reason,
reason data, value, since when) to `Alarm.history`. This module adds a
`describe_alarm_history` response to moto's CloudWatchResponse, built from
that record, then runs moto's own server (`moto.server.main`) with the same
arguments as `python3 -m moto.server`.

What it answers, as AWS does:
- StateUpdate items only: one per recorded state update, at the time the new
  state started, with `HistorySummary` "Alarm updated from <old> to <new>"
  and `HistoryData` the JSON AWS writes
  (`{"version":"1.0","oldState":{...},"newState":{...}}`, each state with
  `stateValue`, `stateReason` and, when set, `stateReasonData`).
  ConfigurationUpdate and Action items are not recorded by moto: asking for
  them returns no items.
- Filters: AlarmName, AlarmTypes (MetricAlarm, CompositeAlarm),
  HistoryItemType, StartDate and EndDate (both inclusive).
- ScanBy: TimestampDescending (AWS's default) or TimestampAscending.
- MaxRecords (1-100, default 50) with NextToken paging; an unknown token is
  `InvalidNextToken`.
The response goes through moto's ActionResult, so it is serialized in the
protocol the client asked in (AWS JSON 1.0 for the current
@aws-sdk/client-cloudwatch, the query protocol for older clients).
"""

import base64
import datetime
import json
import sys
from typing import Any

from moto.cloudwatch.exceptions import CloudWatchException, ValidationError
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import ActionResult

DEFAULT_MAX_RECORDS = 50
MAX_RECORDS = 100
ITEM_TYPES = ("ConfigurationUpdate", "StateUpdate", "Action")


class InvalidNextToken(CloudWatchException):
    code = "InvalidNextToken"


def _naive_utc(value: Any) -> datetime.datetime | None:
    """moto stores naive UTC times; request dates may come timezone-aware."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _state(value: str, reason: str, reason_data: str | None) -> dict[str, Any]:
    state: dict[str, Any] = {"stateValue": value, "stateReason": reason}
    if reason_data and reason_data != "{}":
        try:
            state["stateReasonData"] = json.loads(reason_data)
        except ValueError:
            pass
    return state


def state_updates(alarm: Any) -> list[dict[str, Any]]:
    """The alarm's StateUpdate items, oldest first, from moto's record.

    `alarm.history` holds the states left, oldest first; each one's successor
    is the next entry, or the alarm's current state after the last.
    """
    states = [
        (value, reason, reason_data, since)
        for (kind, reason, reason_data, value, since) in alarm.history
        if kind == "StateUpdate"
    ]
    states.append(
        (
            alarm.state_value,
            alarm.state_reason,
            alarm.state_reason_data,
            alarm.state_updated_timestamp,
        )
    )
    items = []
    for old, new in zip(states, states[1:]):
        history_data = {
            "version": "1.0",
            "oldState": _state(old[0], old[1], old[2]),
            "newState": _state(new[0], new[1], new[2]),
        }
        items.append(
            {
                "AlarmName": alarm.name,
                "AlarmType": "MetricAlarm" if alarm.rule is None else "CompositeAlarm",
                "Timestamp": new[3],
                "HistoryItemType": "StateUpdate",
                "HistorySummary": f"Alarm updated from {old[0]} to {new[0]}",
                "HistoryData": json.dumps(history_data, separators=(",", ":")),
            }
        )
    return items


def describe_alarm_history(self: CloudWatchResponse) -> ActionResult:
    name = self._get_param("AlarmName")
    alarm_types = self._get_param("AlarmTypes", []) or []
    item_type = self._get_param("HistoryItemType")
    start = _naive_utc(self._get_param("StartDate"))
    end = _naive_utc(self._get_param("EndDate"))
    scan_by = self._get_param("ScanBy") or "TimestampDescending"
    max_records = int(self._get_param("MaxRecords") or DEFAULT_MAX_RECORDS)
    token = self._get_param("NextToken")

    if item_type is not None and item_type not in ITEM_TYPES:
        raise ValidationError(
            f"1 validation error detected: Value '{item_type}' at 'historyItemType' "
            "failed to satisfy constraint: Member must satisfy enum value set: "
            f"[{', '.join(ITEM_TYPES)}]"
        )
    if scan_by not in ("TimestampDescending", "TimestampAscending"):
        raise ValidationError(
            f"1 validation error detected: Value '{scan_by}' at 'scanBy' failed to "
            "satisfy constraint: Member must satisfy enum value set: "
            "[TimestampDescending, TimestampAscending]"
        )
    if not 1 <= max_records <= MAX_RECORDS:
        raise ValidationError(
            f"1 validation error detected: Value '{max_records}' at 'maxRecords' "
            "failed to satisfy constraint: Member must have value between 1 and 100"
        )

    items: list[dict[str, Any]] = []
    if item_type in (None, "StateUpdate"):
        for alarm in self.cloudwatch_backend.alarms.values():
            if name and alarm.name != name:
                continue
            kind = "MetricAlarm" if alarm.rule is None else "CompositeAlarm"
            if alarm_types and kind not in alarm_types:
                continue
            for item in state_updates(alarm):
                if start and item["Timestamp"] < start:
                    continue
                if end and item["Timestamp"] > end:
                    continue
                items.append(item)
    # Stable order: by time, then alarm name, then the order moto recorded.
    items.sort(key=lambda item: (item["Timestamp"], item["AlarmName"]))
    if scan_by == "TimestampDescending":
        items.reverse()

    offset = 0
    if token:
        try:
            offset = int(base64.urlsafe_b64decode(token.encode()).decode())
        except ValueError:
            raise InvalidNextToken("The service returned an invalid next token.")
        if not 0 <= offset <= len(items):
            raise InvalidNextToken("The service returned an invalid next token.")
    page = items[offset : offset + max_records]
    result: dict[str, Any] = {"AlarmHistoryItems": page}
    if offset + max_records < len(items):
        result["NextToken"] = base64.urlsafe_b64encode(
            str(offset + max_records).encode()
        ).decode()
    return ActionResult(result)


CloudWatchResponse.describe_alarm_history = describe_alarm_history  # type: ignore[attr-defined]

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])

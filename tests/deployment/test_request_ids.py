"""Every response carries a request ID, and the JSON log lines made while handling it carry it."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.test import Client

from thrive.core.logs import JsonFormatter, RequestIdFilter, request_id


def test_a_sane_request_id_is_kept_and_a_bad_one_replaced(client: Client, db: Any) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-123456"})
    assert kept.status_code == 200 and kept["X-Request-ID"] == "proxy-abc-123456"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert len(replaced["X-Request-ID"]) == 32 and replaced["X-Request-ID"].isalnum()


def test_a_log_line_is_json_with_the_request_id() -> None:
    record = logging.LogRecord("thrive.jobs", logging.WARNING, __file__, 1, "job %s", (7,), None)
    token = request_id.set("req-0000000042")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "job 7" and line["level"] == "WARNING"
    assert line["request_id"] == "req-0000000042" and line["logger"] == "thrive.jobs"

"""Delivery reports of Telegram's Gateway API: the last status Telegram reported for each request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from storage.columns import at_field


class GatewayReportRow(SQLModel, table=True):
    """One gateway request (its `request_id`), its last reported status and how many reports came."""

    __tablename__ = "gateway_reports"

    request_id: str = Field(sa_type=String(128), primary_key=True)
    status: str = Field(sa_type=String(32))
    reported_at: datetime = at_field()  # X-Request-Timestamp of the last report
    received_at: datetime = at_field()
    reports: int = 1

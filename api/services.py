"""What the HTTP API reads from the process, named here: `app/` hands it in, and `api/` imports no `app/`.

`app/` builds the process and starts the API; were `api/` to import `app/` back, the two packages would be
one in all but name (tests/unit/test_package_cycles.py). These protocols are structural: the process's
`Services` and `Settings` satisfy them as they are, and mypy checks that wherever `app/` hands them over.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from api.gateway_reports import ReportDesk
from domain.core.ports import Clock, TokenSource, UnitOfWorkFactory
from domain.proofs.codes import CodeService
from domain.signin.logins import LoginService

# name -> (help text, {labels: value}): gauges the API measures itself and adds to the counters
Gauges = dict[str, tuple[str, dict[tuple[tuple[str, str], ...], float]]]


class Metrics(Protocol):
    def render(self, gauges: Gauges | None = None) -> str:
        """This process's counters and the given gauges, as Prometheus text exposition."""
        ...


class ApiServices(Protocol):
    """The already-built services the API runs on; they belong to the caller, who closes them."""

    @property
    def engine(self) -> AsyncEngine: ...  # `/healthz` asks the database itself
    @property
    def uow_factory(self) -> UnitOfWorkFactory: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def tokens(self) -> TokenSource: ...
    @property
    def codes(self) -> CodeService: ...  # manager actions send the manager's code
    @property
    def logins(self) -> LoginService: ...
    @property
    def metrics(self) -> Metrics: ...
    @property
    def gateway_reports(self) -> ReportDesk | None: ...  # None: no Telegram Gateway configured


class HttpAddress(Protocol):
    """Where the API listens (`TWOFA_HTTP_HOST`, `TWOFA_HTTP_PORT` in the process's settings)."""

    @property
    def http_host(self) -> str: ...
    @property
    def http_port(self) -> int: ...

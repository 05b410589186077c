"""`CodeRoutes`: an `SmsSender` that tries Telegram's Gateway API first and falls back to SMS.

For a number in a country SMS goes to (`TWOFA_SMS_REGIONS`): `checkSendAbility`, then
`sendVerificationMessage` with the request id it gave (so the send is free) and our own code; when the
gateway says it cannot reach the number, refuses, errors or does not answer both calls within `timeout`,
the code goes by SMS (Twilio, or the console offline). For a number elsewhere the gateway is the only
way: there is no SMS to fall back to, and a number Telegram cannot reach is told as a country SMS does
not go to (the help centre's advice: use email). The route taken is returned, for the user to be told.
"""

from __future__ import annotations

import asyncio
import logging

import phonenumbers

from domain.core.model import OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem, DeliveryRoute, Metrics, NoMetrics, SmsSender
from gateways.telegram_gateway import TelegramGateway

log = logging.getLogger(__name__)


def region_of(e164: str) -> str:
    """The ISO region of a number in E.164 ("" when it cannot be told)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None)) or ""
    except phonenumbers.NumberParseException:
        return ""


class CodeRoutes:
    """Telegram first, SMS as the fall-back (only where SMS is offered)."""

    def __init__(
        self,
        gateway: TelegramGateway,
        sms: SmsSender,
        sms_regions: frozenset[str],
        ttl_seconds: int,
        timeout: float,
        metrics: Metrics | None = None,
    ) -> None:
        self.gateway = gateway
        self.sms = sms
        self._sms_regions = sms_regions
        self._ttl = ttl_seconds
        self._timeout = timeout
        self._metrics = metrics or NoMetrics()

    async def aclose(self) -> None:
        await self.gateway.aclose()
        close = getattr(self.sms, "aclose", None)
        if close is not None:
            await close()

    async def send_sms(self, message: OutgoingSms) -> DeliveryRoute:
        """Deliver the code through Telegram or by SMS, and say which; `DeliveryError` when neither can."""
        sms_offered = region_of(message.to) in self._sms_regions
        problem = await self._through_telegram(message)
        if problem is None:
            return DeliveryRoute.TELEGRAM
        self._metrics.increment(
            "gateway_fallbacks", problem=problem.value, to="sms" if sms_offered else "none"
        )
        if not sms_offered:  # Telegram was the only way to this country
            if problem in (DeliveryProblem.UNREACHABLE, DeliveryProblem.INVALID_DESTINATION):
                raise DeliveryError(
                    DeliveryProblem.REGION_NOT_PERMITTED, "no SMS there; Telegram cannot reach it"
                )
            raise DeliveryError(problem, "no SMS there; the Telegram gateway failed")
        log.info("Code goes by SMS: the Telegram gateway said %s", problem.value)
        await self.sms.send_sms(message)
        return DeliveryRoute.SMS

    async def _through_telegram(self, message: OutgoingSms) -> DeliveryProblem | None:
        """None when Telegram took the code; else why not (a hang is cut at `timeout`)."""
        if message.code is None:
            return DeliveryProblem.UNAVAILABLE
        try:
            async with asyncio.timeout(self._timeout):
                checked = await self.gateway.check_send_ability(message.to)
                await self.gateway.send_verification_message(
                    message.to, message.code, self._ttl, checked.request_id
                )
        except DeliveryError as error:
            return error.problem
        except TimeoutError:
            log.warning("Telegram gateway gave no answer within %.1fs", self._timeout)
            return DeliveryProblem.UNAVAILABLE
        return None

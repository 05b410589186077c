"""Replies become as few Telegram messages as can be, with buttons always under their own text."""

from __future__ import annotations

from bot.telegram import MAX_MESSAGE_LENGTH, merged
from domain.core.replies import Button, Reply

YES = ((Button("Yes", "yes"),),)
NO = ((Button("No", "no"),),)


def test_a_reply_without_buttons_joins_the_next() -> None:
    assert merged([Reply("Linked."), Reply("2FA: off", YES)]) == [Reply("Linked.\n\n2FA: off", YES)]
    assert merged([Reply("a"), Reply("b"), Reply("c")]) == [Reply("a\n\nb\n\nc")]


def test_a_reply_with_buttons_ends_its_message() -> None:
    replies = [Reply("Pick one", YES), Reply("Or this", NO), Reply("Note")]
    assert merged(replies) == replies


def test_nothing_is_merged_past_telegrams_length_limit() -> None:
    long = "x" * (MAX_MESSAGE_LENGTH - 10)
    assert merged([Reply(long), Reply("0123456789")]) == [Reply(long), Reply("0123456789")]
    assert merged([Reply(long), Reply("12345678")]) == [Reply(long + "\n\n12345678")]
    assert merged([]) == []

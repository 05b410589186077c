"""`/language`: the chat's language, chosen by a button (the first one comes from Telegram's own
`language_code`), kept for the chat and for the linked user, whose emails and notices follow it."""

from __future__ import annotations

from dataclasses import replace

from domain.chat.turn import Turn
from domain.core.replies import Button, Reply
from domain.wording import texts
from domain.wording.i18n import LANGUAGES, NAMES, speaking


def language_buttons() -> tuple[tuple[Button, ...], ...]:
    row = tuple(Button(NAMES[language], f"lang:{language}") for language in LANGUAGES)
    return (row[:3], row[3:])


async def ask(turn: Turn, argument: str) -> list[Reply]:
    """`/language` (or `/language de`): the buttons, or the language named."""
    if argument:
        return await choose(turn, argument)
    return [Reply(texts.ASK_LANGUAGE, language_buttons())]


async def choose(turn: Turn, argument: str) -> list[Reply]:
    """A language button (or `/language xx`): the chat, and its linked user, speak it from now on."""
    language = argument.strip().lower()
    if language not in LANGUAGES:
        return [Reply(texts.ASK_LANGUAGE, language_buttons())]
    turn.conversation = replace(turn.conversation, language=language)
    if turn.user is not None:
        await turn.uow.users.set_language(turn.user.key, language)
    with speaking(language):
        return [Reply(texts.LANGUAGE_SET.format(language=NAMES[language]))]

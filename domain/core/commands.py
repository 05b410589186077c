"""The chat commands, listed once: `/help` is rendered from this list (`domain.texts`) and Telegram's command
menu is set from it (`bot.telegram`), so neither can leave a command out while the other shows it.

A new command is added here and in the router's command table; a test checks every one listed is known.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # marks a description for the catalogues (`domain.wording.i18n`)
    return message


@dataclass(frozen=True)
class Command:
    name: str  # without the slash: 1-32 of a-z, 0-9 and _ (Telegram's rule)
    description: str  # English, in lower case: `/name – description` in /help, capitalised in the menu

    @staticmethod
    def menu_text(description: str) -> str:
        """A description (translated) as Telegram's command menu shows it (3-256 characters, capitalised)."""
        return description[:1].upper() + description[1:]


COMMANDS: tuple[Command, ...] = (
    Command("start", N_("link this chat to your account")),
    Command("status", N_("your account and 2FA setting")),
    Command("enable", N_("turn on 2FA (SMS, email or an authenticator app)")),
    Command("change", N_("change your number or email, or switch between SMS and email")),
    Command("disable", N_("turn off 2FA")),
    Command("test", N_("send a test code to check your 2FA works")),
    Command("newcodes", N_("new recovery codes, for the day you lose your phone or 2FA email")),
    Command("lost", N_("lost your phone or 2FA email? Use a recovery code")),
    Command("devices", N_("remembered devices (they skip the code at login)")),
    Command("request", N_("ask your account manager to turn 2FA off (lost phone or email)")),
    Command("manage", N_("for account managers: your contract's users and requests")),
    Command("support", N_("write to our support team")),
    Command("language", N_("the language I speak (English, Español, Deutsch, Português, Français)")),
    Command("cancel", N_("stop what we are doing")),
    Command("help", N_("what I can do (this list)")),
)

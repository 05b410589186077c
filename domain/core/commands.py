"""The chat commands, listed once: `/help` is rendered from this list (`domain.texts`) and Telegram's command
menu is set from it (`bot.telegram`), so neither can leave a command out while the other shows it.

A new command is added here and in the router's command table; a test checks every one listed is known.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str  # without the slash: 1-32 of a-z, 0-9 and _ (Telegram's rule)
    description: str  # starts in lower case: `/name – description` in /help, capitalised in the menu

    @property
    def menu_text(self) -> str:
        """The description as Telegram's command menu shows it (3-256 characters, capitalised)."""
        return self.description[:1].upper() + self.description[1:]


COMMANDS: tuple[Command, ...] = (
    Command("start", "link this chat to your account"),
    Command("status", "your account and 2FA setting"),
    Command("enable", "turn on 2FA (SMS, email or an authenticator app)"),
    Command("change", "change your number or email, or switch between SMS and email"),
    Command("disable", "turn off 2FA"),
    Command("test", "send a test code to check your 2FA works"),
    Command("newcodes", "new recovery codes, for the day you lose your phone or 2FA email"),
    Command("lost", "lost your phone or 2FA email? Use a recovery code"),
    Command("devices", "remembered devices (they skip the code at login)"),
    Command("request", "ask your account manager to turn 2FA off (lost phone or email)"),
    Command("manage", "for account managers: your contract's users and requests"),
    Command("support", "write to our support team"),
    Command("cancel", "stop what we are doing"),
    Command("help", "what I can do (this list)"),
)

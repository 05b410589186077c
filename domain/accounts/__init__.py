"""The 2FA lifecycle of an account: linking a chat, turning 2FA on, changing it and off, support
requests, managers and API keys."""

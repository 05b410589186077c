"""Every word the assistant says, apart from the rules that decide when to say it."""

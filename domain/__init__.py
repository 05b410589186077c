"""Pure rules and the conversation, no I/O. Subpackages, each importing only those before it:
core, wording, proofs, then accounts and signin, then chat."""

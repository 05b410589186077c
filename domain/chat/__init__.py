"""The conversation: one message in, one step of a flow, replies out; the step table, the flows and
the FAQ."""

"""The vocabulary every part shares: records, ports (storage, clock, delivery), errors, replies, the
shape of codes and their policy, destinations and the input rules."""

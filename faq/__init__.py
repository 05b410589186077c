"""The FAQ classifier: which 2FA help-centre question a free-text message asks (see faq/README.md)."""

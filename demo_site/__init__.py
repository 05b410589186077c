"""The reference login page: a small website that signs its own users in with a password of its own and
then the product's second factor, through the public login API only (as an integrating team would).

It imports nothing of the product (domain/, storage/, api/, app/): it is a client of `/v1/logins…` over
HTTP with a `login`-scoped API key. `twofa demo-site` runs it (app/demo_site_command.py).
"""

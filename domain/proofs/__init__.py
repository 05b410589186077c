"""What proves it is the user: sending and checking codes, the factor plug-ins (SMS, email, app),
recovery codes, and the send limits and lockouts around them."""

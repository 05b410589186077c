"""Sign-ins through the login API: challenges, remembered devices, outcomes and the "was this you?" watch."""

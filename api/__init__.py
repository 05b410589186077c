"""The versioned JSON HTTP API (`/v1`) a login page calls after its password check."""

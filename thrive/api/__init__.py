"""The REST API: routing, token authentication, and the base endpoints."""

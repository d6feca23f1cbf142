"""People who sign in, their roles per organisation, and their API tokens."""

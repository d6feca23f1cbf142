"""Organisations, services, teams and (later) the people who work in them."""

"""Shared foundations: base models, errors, roles and permissions, audit, template components."""

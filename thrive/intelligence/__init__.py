"""Workforce intelligence: the statutory measures, benchmarks, the census return (Django side)."""

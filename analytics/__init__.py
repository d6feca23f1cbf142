"""Analytics: pure-Python (pandas) workforce statistics, no Django imports."""

"""Caseloads: dated caps per organisation and team, and who holds how many children."""

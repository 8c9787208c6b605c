"""Reads of the programme that pages, the admin, the API and tasks share, one module per
concern; every read a person makes is scoped to them here."""

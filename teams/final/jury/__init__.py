"""The final's jury: its members and criteria, the scoring of the teams' projects, the
results computed as portfolio review normalises (``results``, no Django) and their
publication once per season."""

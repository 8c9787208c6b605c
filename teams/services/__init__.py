"""The team module's writes, one module per concern: the formation and its runs, the
moves and locks of members, the finalists' wishes. Each function is one transaction."""

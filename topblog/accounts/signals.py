"""Signals of the accounts app, for later stages that must react to a change of a person
without accounts importing them (ARCHITECTURE: a lower app signals, a higher one listens)."""

from django.dispatch import Signal

# Sent by services.user_active_set inside its transaction when an account is switched
# off, with ``user`` and ``by``: a stage that gave the person work hands it over then.
user_deactivated = Signal()

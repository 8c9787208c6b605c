from teams.final.admin import presentations  # noqa: F401 -- registers the final's agenda and presentations

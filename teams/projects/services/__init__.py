"""Every write of the teams' workspace; views, admin, API and tasks call these."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinalConfig(AppConfig):
    """The final at «Сенеж»: the teams' presentation slots and presentations, the jury and
    its results, and the ministries' view of what their team made."""

    name = "teams.final"
    label = "final"
    verbose_name = _("Финал")

    def ready(self) -> None:
        # The presentation's part of the cabinet, which belongs to intake, a lower app; the
        # jury: the link of a juror's invitation, made when its mail is sent and never
        # stored; a juror who is ministry leadership or an expert starts from their queue
        # while the jury is at work; a juror's seats and scores in their data export.
        from applications.cabinet_parts import register_cabinet_part
        from teams.final.cabinet import PARTS
        from teams.final.jury.landing import juror_home
        from teams.final.jury.links import jury_invitation_link
        from teams.final.jury.personal_data import juror_export
        from topblog.accounts.landing import register_role_home
        from topblog.accounts.models import Role
        from topblog.accounts.personal_data import register_exporter
        from topblog.notifications.models import Event
        from topblog.notifications.placeholders import register_secret_source

        for part in PARTS:
            register_cabinet_part(part)
        register_secret_source(Event.JURY_INVITATION, jury_invitation_link)
        register_exporter("jury", juror_export)
        for role in (Role.MINISTRY_LEADERSHIP, Role.EXPERT):
            register_role_home(role, juror_home)

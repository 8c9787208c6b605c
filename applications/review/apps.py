from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "applications.review"
    label = "review"
    verbose_name = _("Экспертиза и отбор")

    def ready(self) -> None:
        # The result of the selection (and, where the season allows, the experts'
        # comments) in the applicant's cabinet; the expert's reviews in their data export;
        # the invitation's link, made when its mail is sent and never stored; the review's
        # figures on the season's dashboard; an expert switched off hands their work over;
        # an expert starts from their queue.
        from applications.cabinet_parts import register_cabinet_part
        from applications.review.cabinet import selection_result_part
        from applications.review.dashboard import PROVIDERS
        from applications.review.landing import expert_home
        from applications.review.links import invitation_link
        from applications.review.personal_data import expert_review_export
        from applications.review.receivers import expert_work_hand_over
        from topblog.accounts.landing import register_role_home
        from topblog.accounts.models import Role
        from topblog.accounts.personal_data import register_exporter
        from topblog.accounts.signals import user_deactivated
        from topblog.dashboard.registry import register_provider
        from topblog.notifications.models import Event
        from topblog.notifications.placeholders import register_secret_source

        register_cabinet_part(selection_result_part)
        register_exporter("review", expert_review_export)
        register_secret_source(Event.EXPERT_INVITATION, invitation_link)
        for provider in PROVIDERS:
            register_provider(provider)
        user_deactivated.connect(expert_work_hand_over, dispatch_uid="review-expert-hand-over")
        register_role_home(Role.EXPERT, expert_home)

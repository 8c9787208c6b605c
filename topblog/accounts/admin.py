"""Organizers manage people, roles and consent texts here; roles change only through
the services, so staff access and curated directions follow the role."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import TokenProxy

from topblog.accounts import services
from topblog.accounts.models import Consent, ConsentDocument, Role, User

# A token's key opens its owner's account to the API: no one but the owner sees it, and
# they only once (the cabinet's token page). DRF registers the keys in the admin.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])


class UserChangeForm(auth_forms.UserChangeForm):
    roles = forms.MultipleChoiceField(
        label=_("Роли"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Not the model field: the services set it, so it follows the curator role and is logged.
    direction = User._meta.get_field("curated_direction").formfield(required=False)

    class Meta:
        model = User
        fields = "__all__"
        exclude = ("curated_direction",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].initial = sorted(self.instance.role_codes & set(Role.values))
        self.fields["direction"].initial = self.instance.curated_direction_id

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        cleaned = super().clean()
        roles, direction = cleaned.get("roles", []), cleaned.get("direction")
        try:
            for role in roles:
                services.role_direction_check(role=Role(role), direction=direction)
            if direction is not None:
                services.curated_direction_holder_check(roles=roles)
        except ValueError as error:
            self.add_error("direction", str(error))
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
    )
    list_display = ("email", "full_name", "roles", "is_active", "email_confirmed_at", "date_joined")
    list_filter = ("groups", "is_staff", "is_active", "language")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    filter_horizontal = ("user_permissions",)
    # Switching an account off hands the person's work over (services.user_active_set),
    # so it is an action, never a tick in the form.
    readonly_fields = ("is_active", "email_confirmed_at", "last_login", "date_joined")
    actions = ("grant_expert", "grant_organizer", "deactivate", "activate")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        access = ["is_active", "email_confirmed_at", "is_staff"]
        if request.user.is_superuser:
            access += ["is_superuser", "user_permissions"]
        # The address and the password are what an account is taken with: changing the
        # address and asking for a reset, or setting the password, would hand an organizer
        # the person's account. Only a superuser may.
        login = ("email", "password") if request.user.is_superuser else ("email",)
        return (
            (None, {"fields": login}),
            (_("Личные данные"), {"fields": ("first_name", "last_name", "language")}),
            (_("Роли"), {"fields": ("roles", "direction")}),
            (_("Доступ"), {"fields": access}),
            (_("Даты"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        # Staff access comes with the organizer role; only a superuser sets it by hand.
        if request.user.is_superuser:
            return self.readonly_fields
        # A new account's address is typed in; an existing one's is read only (see get_fieldsets).
        return (*self.readonly_fields, "is_staff", *(() if obj is None else ("email",)))

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_change_permission(self, request, obj=None) -> bool:
        # Otherwise an organizer could set a superuser's password and become one.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("имя"), ordering="last_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    @admin.display(description=_("роли"))
    def roles(self, obj: User) -> str:
        return ", ".join(str(Role(g.name).label) for g in obj.groups.all() if g.name in Role.values)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "roles" not in form.cleaned_data:
            return
        wanted, direction = set(form.cleaned_data["roles"]), form.cleaned_data.get("direction")
        current = set(obj.groups.filter(name__in=Role.values).values_list("name", flat=True))
        for role in sorted(current - wanted):
            services.user_role_revoke(user=obj, role=Role(role), revoked_by=request.user)
        for role in sorted(wanted - current):
            services.user_role_grant(user=obj, role=Role(role), direction=direction, granted_by=request.user)
        if Role.MINISTRY_CURATOR in wanted & current and direction != obj.curated_direction:
            services.user_curated_direction_set(user=obj, direction=direction, by=request.user)

    @admin.action(description=_("Назначить роль «Эксперт»"), permissions=["change"])
    def grant_expert(self, request, queryset) -> None:
        self._grant(request, queryset, Role.EXPERT)

    @admin.action(description=_("Назначить роль «Организатор»"), permissions=["change"])
    def grant_organizer(self, request, queryset) -> None:
        self._grant(request, queryset, Role.ORGANIZER)

    @admin.action(
        description=_("Отключить учётные записи (работа передаётся другим)"), permissions=["change"]
    )
    def deactivate(self, request, queryset) -> None:
        self._active_set(request, queryset, active=False)

    @admin.action(description=_("Включить учётные записи"), permissions=["change"])
    def activate(self, request, queryset) -> None:
        self._active_set(request, queryset, active=True)

    def _active_set(self, request, queryset, *, active: bool) -> None:
        # An organizer never switches off a superuser (as with editing one) nor themselves.
        users = queryset.exclude(pk=request.user.pk)
        if not request.user.is_superuser:
            users = users.exclude(is_superuser=True)
        changed = sum(
            services.user_active_set(user_id=pk, active=active, by=request.user)
            for pk in users.values_list("pk", flat=True)
        )
        if active:
            message = ngettext(
                "Включена %(count)d учётная запись.", "Включено %(count)d учётных записей.", changed
            )
        else:
            message = ngettext(
                "Отключена %(count)d учётная запись.", "Отключено %(count)d учётных записей.", changed
            )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    def _grant(self, request, queryset, role: Role) -> None:
        users = list(queryset)
        for user in users:
            services.user_role_grant(user=user, role=role, granted_by=request.user)
        self.message_user(
            request,
            ngettext(
                "Роль «%(role)s» назначена %(count)d пользователю.",
                "Роль «%(role)s» назначена %(count)d пользователям.",
                len(users),
            )
            % {"role": role.label, "count": len(users)},
            messages.SUCCESS,
        )


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    """A published text is what people agreed to, so it never changes: a correction is
    a new version."""

    list_display = ("kind", "version", "title", "published_at")
    list_filter = ("kind",)
    search_fields = ("title", "text")
    ordering = ("kind", "-version")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.published_at <= timezone.now():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.published_at <= timezone.now():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """The evidence of consent: nobody edits, adds or deletes it by hand."""

    list_display = ("user", "document", "given_at", "ip_address", "withdrawn_at", "withdrawn_ip_address")
    list_filter = ("document__kind", ("withdrawn_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "document")
    search_fields = ("user__email",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

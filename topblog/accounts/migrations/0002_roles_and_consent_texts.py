"""Creates the role groups with their permissions and the first consent texts."""

from django.db import migrations
from django.utils import timezone

from topblog.accounts.migration_helpers import grant_permissions

ROLES = ["applicant", "expert", "organizer", "ministry_curator", "ministry_leadership"]
ALL = ("add", "change", "delete", "view")

PROCESSING_TEXT = """Я, действуя свободно, своей волей и в своём интересе, даю согласие организатору
всероссийского проекта «ТопБЛОГ» на обработку моих персональных данных, указанных в заявке
на участие в треке «Министерство контента»: фамилии, имени, отчества, даты рождения, региона
и населённого пункта проживания, номера телефона, адреса электронной почты, ссылок на аккаунты
в социальных сетях и материалов портфолио.

Цель обработки: рассмотрение заявки, отбор участников, организация обучения, командной работы
и финала трека, информирование о ходе проекта.

Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, извлечение,
использование, передача экспертам проекта и курирующим министерствам, обезличивание,
блокирование, удаление, уничтожение — с использованием средств автоматизации и без них.

Согласие действует до окончания сезона и трёх лет после него либо до его отзыва. Отозвать
согласие можно в личном кабинете или письменным заявлением оператору (ст. 9 Федерального
закона от 27.07.2006 № 152-ФЗ «О персональных данных»)."""

PUBLICATION_TEXT = """Я даю согласие на распространение (опубликование) на сайте проекта «ТопБЛОГ»
и в его официальных сообществах моих фамилии, имени, фотографии и ссылок на мои аккаунты
в социальных сетях в связи с участием в треке «Министерство контента» (ст. 10.1 Федерального
закона от 27.07.2006 № 152-ФЗ «О персональных данных»). Согласие можно отозвать в любой
момент в личном кабинете."""


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    grant_permissions(apps, "organizer", "tracks", ALL)
    # Organizers publish new consent versions and manage accounts; consents themselves
    # are read-only in the admin.
    grant_permissions(apps, "organizer", "accounts", ("view", "change", "add"))

    ConsentDocument = apps.get_model("accounts", "ConsentDocument")
    now = timezone.now()
    ConsentDocument.objects.create(
        kind="processing", version=1, title="Согласие на обработку персональных данных",
        text=PROCESSING_TEXT, published_at=now,
    )
    ConsentDocument.objects.create(
        kind="publication", version=1, title="Согласие на распространение персональных данных",
        text=PUBLICATION_TEXT, published_at=now,
    )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("accounts", "ConsentDocument").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("tracks", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]

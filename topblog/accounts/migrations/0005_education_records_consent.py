"""A consent of its own for passing a trainee's data to the federal register of education
documents (ФИС ФРДО): asked only of trainees, when the programme needs it for their
certificate."""

from django.db import migrations, models
from django.utils import timezone

EDUCATION_RECORDS_TEXT = """Я даю согласие организатору всероссийского проекта «ТопБЛОГ» и образовательной
организации, реализующей дополнительную профессиональную программу трека «Министерство
контента», на обработку моих персональных данных: фамилии, имени, отчества, даты рождения,
пола, гражданства, страхового номера индивидуального лицевого счёта (СНИЛС), уровня
образования, фамилии, серии и номера, указанных в дипломе о высшем или среднем
профессиональном образовании, — и на их передачу в федеральную информационную систему
«Федеральный реестр сведений о документах об образовании и (или) о квалификации, документах
об обучении» (ФИС ФРДО).

Цель обработки: оформление и выдача удостоверения о повышении квалификации и внесение сведений
о нём в ФИС ФРДО (ст. 98 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании
в Российской Федерации»).

Согласие действует до внесения сведений в реестр и истечения сроков хранения документов
об обучении либо до его отзыва. Отозвать согласие можно в личном кабинете или письменным
заявлением оператору (ст. 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных
данных»)."""


EDUCATION_RECORDS_TEXT_EN = """I consent to the organizer of the national project "TopBLOG" and to the educational
organization that runs the additional professional programme of the "Ministry of Content"
track processing my personal data: surname, first name, patronymic, date of birth, sex,
citizenship, insurance number of the individual personal account (SNILS), level of
education, and the surname, series and number given in my higher or secondary vocational
diploma, and passing them to the federal information system "Federal register of
information on documents of education and (or) qualification, documents of training"
(FIS FRDO).

Purpose of processing: issuing the certificate of professional development and entering
information about it into FIS FRDO (Article 98 of Federal Law No. 273-FZ of 29.12.2012
"On Education in the Russian Federation").

The consent is valid until the information is entered into the register and the training
documents' retention periods have expired, or until it is withdrawn. The consent can be
withdrawn in the personal account or by a written request to the operator (Article 9 of
Federal Law No. 152-FZ of 27.07.2006 "On Personal Data")."""


def create(apps, schema_editor):
    ConsentDocument = apps.get_model("accounts", "ConsentDocument")
    ConsentDocument.objects.get_or_create(
        kind="education_records",
        version=1,
        defaults={
            "title": "Согласие на передачу сведений в ФИС ФРДО",
            "text": EDUCATION_RECORDS_TEXT,
            "title_en": "Consent to passing information to FIS FRDO",
            "text_en": EDUCATION_RECORDS_TEXT_EN,
            "published_at": timezone.now(),
        },
    )


def remove(apps, schema_editor):
    apps.get_model("accounts", "ConsentDocument").objects.filter(kind="education_records").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_consent_texts_in_english"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consentdocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("processing", "Согласие на обработку персональных данных"),
                    ("publication", "Согласие на распространение (публикацию) данных"),
                    ("education_records", "Согласие на передачу сведений в ФИС ФРДО"),
                ],
                max_length=32,
                verbose_name="вид",
            ),
        ),
        migrations.RunPython(create, remove),
    ]

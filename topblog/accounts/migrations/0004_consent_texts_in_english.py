"""English translations of the consent texts, for English pages. The Russian text stays
what a person agrees to; a later version adds its own translation in the admin."""

from django.db import migrations, models

PROCESSING_TITLE = "Consent to the processing of personal data"
PROCESSING_TEXT = """I, acting freely, of my own will and in my own interest, consent to the organizer
of the national project "TopBLOG" processing my personal data given in my application
to the "Ministry of Content" track: surname, first name, patronymic, date of birth,
region and place of residence, phone number, email address, links to social media
accounts and portfolio materials.

Purpose of processing: considering the application, selecting participants, organizing
the training, the team work and the final of the track, and informing about the
project's progress.

Actions with the data: collection, recording, systematization, accumulation, storage,
clarification, retrieval, use, transfer to the project's experts and the curating
ministries, depersonalization, blocking, deletion and destruction, with and without
automation.

The consent is valid until the end of the season and three years after it, or until it
is withdrawn. The consent can be withdrawn in the personal account or by a written
request to the operator (Article 9 of Federal Law No. 152-FZ of 27.07.2006 "On Personal
Data")."""

PUBLICATION_TITLE = "Consent to the dissemination of personal data"
PUBLICATION_TEXT = """I consent to the dissemination (publication) on the website of the "TopBLOG"
project and in its official communities of my surname, first name, photograph and links
to my social media accounts in connection with my participation in the "Ministry of
Content" track (Article 10.1 of Federal Law No. 152-FZ of 27.07.2006 "On Personal
Data"). The consent can be withdrawn at any time in the personal account."""


def translate(apps, schema_editor):
    ConsentDocument = apps.get_model("accounts", "ConsentDocument")
    ConsentDocument.objects.filter(kind="processing", version=1).update(
        title_en=PROCESSING_TITLE, text_en=PROCESSING_TEXT
    )
    ConsentDocument.objects.filter(kind="publication", version=1).update(
        title_en=PUBLICATION_TITLE, text_en=PUBLICATION_TEXT
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_consent_withdrawal_evidence"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentdocument",
            name="text_en",
            field=models.TextField(blank=True, verbose_name="текст по-английски"),
        ),
        migrations.AddField(
            model_name="consentdocument",
            name="title_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="заголовок по-английски"),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]

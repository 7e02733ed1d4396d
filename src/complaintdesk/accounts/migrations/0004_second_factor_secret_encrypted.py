"""Second-factor secrets, until now stored in clear, are encrypted at rest (field_encryption):
the column widens to text, every existing secret is encrypted in place, then the field reads
and writes through the cipher. Reversible: going back decrypts them again."""

from django.db import migrations, models

import complaintdesk.accounts.field_encryption


def encrypt_clear_secrets(apps, schema_editor):
    from complaintdesk.accounts.field_encryption import encrypt

    SecondFactor = apps.get_model("accounts", "SecondFactor")
    for factor in SecondFactor.objects.only("pk", "secret").iterator():
        SecondFactor.objects.filter(pk=factor.pk).update(secret=encrypt(factor.secret))


def decrypt_to_clear(apps, schema_editor):
    from complaintdesk.accounts.field_encryption import decrypt

    SecondFactor = apps.get_model("accounts", "SecondFactor")
    for factor in SecondFactor.objects.only("pk", "secret").iterator():
        SecondFactor.objects.filter(pk=factor.pk).update(secret=decrypt(factor.secret))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_failed_attempts_second_factors"),
    ]

    operations = [
        migrations.AlterField(
            model_name="secondfactor",
            name="secret",
            field=models.TextField(),
        ),
        migrations.RunPython(encrypt_clear_secrets, decrypt_to_clear),
        migrations.AlterField(
            model_name="secondfactor",
            name="secret",
            field=complaintdesk.accounts.field_encryption.EncryptedTextField(),
        ),
    ]

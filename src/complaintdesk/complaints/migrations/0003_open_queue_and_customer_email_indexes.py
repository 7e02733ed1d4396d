# Indexes the benchmarks on a million complaints asked for (docs/benchmarks.md): intake looked
# every customer up by e-mail in any case through a full scan, and the queues read every
# complaint of a department to find its few open ones.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_customer_segment_complaint_next_due"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(
                django.db.models.functions.text.Upper("email"), name="customer_email_any_case"
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status__in", ["closed", "withdrawn"]), _negated=True),
                fields=["department", "next_due_at"],
                name="complaint_open_by_department",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status__in", ["closed", "withdrawn"]), _negated=True),
                fields=["department", "first_response_due"],
                name="complaint_open_first_due",
            ),
        ),
        # PostgreSQL keeps no statistics on an indexed expression until the table is analysed,
        # and without them keeps scanning customers by id instead of using the new index.
        migrations.RunSQL("ANALYZE complaints_customer", migrations.RunSQL.noop),
    ]

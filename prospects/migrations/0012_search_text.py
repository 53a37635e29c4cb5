from django.db import migrations, models

from kam.search import search_text
from kam.trigram import trigram_indexes

TEXTS = {
    "Prospect": lambda row: search_text(row.name, row.credit_code),
    "Contact": lambda row: search_text(row.name, row.position),
    "Competitor": lambda row: search_text(row.name),
}


def fill_search_text(apps, schema_editor):
    for model_name, text_of in TEXTS.items():
        model = apps.get_model("prospects", model_name)
        batch = []
        for row in model.objects.iterator(chunk_size=2000):
            row.search_text = text_of(row)
            batch.append(row)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("prospects", "0011_account_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="competitor",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="contact",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="prospect",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        trigram_indexes(
            ("prospects_prospect_search_trgm", "prospects_prospect", "search_text"),
            ("prospects_contact_search_trgm", "prospects_contact", "search_text"),
            ("prospects_competitor_search_trgm", "prospects_competitor", "search_text"),
        ),
    ]

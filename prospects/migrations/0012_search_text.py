from django.db import migrations, models

from kam.search import search_grams, search_text
from kam.search_indexes import gram_indexes

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
            row.search_grams = search_grams(row.search_text)
            batch.append(row)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["search_text", "search_grams"])
                batch = []
        model.objects.bulk_update(batch, ["search_text", "search_grams"])


def text_field():
    return models.TextField(default="", editable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("prospects", "0011_account_identity"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=model, name=name, field=text_field())
            for model in ("prospect", "contact", "competitor")
            for name in ("search_text", "search_grams")
        ],
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        gram_indexes("prospects_prospect", "prospects_contact", "prospects_competitor"),
    ]

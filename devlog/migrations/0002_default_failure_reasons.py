from django.db import migrations

# The playbook's usual reasons an account is not won; admins may add or retire some.
DEFAULTS = [
    ("Price", "价格"),
    ("Product fit", "产品不匹配"),
    ("Competitor relationship", "竞争对手关系"),
    ("Budget or timing", "预算或时机"),
    ("Decision-maker change", "决策人变动"),
    ("Policy", "政策因素"),
    ("Other", "其他"),
]


def add_defaults(apps, schema_editor):
    FailureReason = apps.get_model("devlog", "FailureReason")
    for position, (name_en, name_zh) in enumerate(DEFAULTS):
        FailureReason.objects.get_or_create(
            name_en=name_en, defaults={"name_zh": name_zh, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("devlog", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]

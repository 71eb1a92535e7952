"""Starting reference data: categories, the SOP's first-line steps and default targets.
All of it is editable afterwards; this only fills an empty installation."""

from django.db import migrations

CATEGORIES = [
    ("cable", "Kabel jaringan", False, 10),
    ("wifi", "Wi-Fi", False, 20),
    ("hub_switch", "Hub/switch", False, 30),
    ("ip_dhcp", "Alamat IP/DHCP", False, 40),
    ("dns", "DNS", False, 50),
    ("internet", "Internet (provider)", True, 60),
    ("other", "Lainnya", False, 90),
]

STEPS = [
    ("single_device", 10, "Periksa kabel jaringan di PC dan di outlet/port dinding",
     "Pastikan konektor terpasang kuat di kedua ujung dan lampu indikator port menyala."),
    ("single_device", 20, "Periksa pengaturan Wi-Fi client",
     "Wi-Fi aktif, mode pesawat mati, terhubung ke nama jaringan (SSID) yang benar; putuskan "
     "lalu sambungkan kembali."),
    ("whole_location", 30, "Reset daya hub/Wi-Fi di ruangan selama 5–10 detik",
     "Cabut atau matikan adaptor daya hub/access point, tunggu 5–10 detik, nyalakan kembali."),
    ("whole_location", 40, "Sambungkan ulang (reconnect) dan periksa koneksi",
     "Tunggu lampu perangkat stabil, sambungkan ulang PC/laptop, buka sebuah situs."),
]

# working minutes
TARGETS = [
    ("critical", 15, 4 * 60),
    ("high", 30, 8 * 60),
    ("normal", 60, 16 * 60),
    ("low", 240, 40 * 60),
]


def load(apps, schema_editor):
    Category = apps.get_model("tickets", "Category")
    ChecklistStep = apps.get_model("tickets", "ChecklistStep")
    SlaTarget = apps.get_model("tickets", "SlaTarget")
    for code, name, always_open, order in CATEGORIES:
        Category.objects.get_or_create(
            code=code, defaults={"name": name, "always_open": always_open, "sort_order": order}
        )
    if not ChecklistStep.objects.exists():
        for scope, order, question, guidance in STEPS:
            ChecklistStep.objects.create(
                scope=scope, order=order, question=question, guidance=guidance
            )
    for priority, response, resolution in TARGETS:
        SlaTarget.objects.get_or_create(
            category=None,
            priority=priority,
            defaults={"response_minutes": response, "resolution_minutes": resolution},
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

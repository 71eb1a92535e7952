"""Starting reference data: categories, the SOP's first-line steps and default targets.

Loaded by a migration, and again after a flush (tests), into EMPTY tables only: once an
installation has its own lists, administrators' edits and deletions are never undone."""

CATEGORIES = [
    ("cable", "Kabel jaringan", False, 10),
    ("wifi", "Wi-Fi", False, 20),
    ("hub_switch", "Hub/switch", False, 30),
    ("ip_dhcp", "Alamat IP/DHCP", False, 40),
    ("dns", "DNS", False, 50),
    ("internet", "Internet (provider)", True, 60),
    ("other", "Lainnya", False, 90),
]

# (scope, order, step, guidance, category code or None for every kind of problem)
STEPS = [
    (
        "single_device",
        10,
        "Periksa kabel jaringan di PC dan di outlet/port dinding",
        "Pastikan konektor terpasang kuat di kedua ujung dan lampu indikator port menyala.",
        "cable",
    ),
    (
        "single_device",
        20,
        "Periksa pengaturan Wi-Fi di perangkat",
        "Wi-Fi aktif, mode pesawat mati, terhubung ke nama jaringan (SSID) yang benar; putuskan "
        "lalu sambungkan kembali.",
        "wifi",
    ),
    (
        "whole_location",
        30,
        "Matikan dan nyalakan kembali hub/Wi-Fi di ruangan (jeda 5–10 detik)",
        "Cabut atau matikan adaptor daya hub/access point, tunggu 5–10 detik, nyalakan kembali.",
        None,
    ),
    (
        "whole_location",
        40,
        "Sambungkan kembali perangkat dan periksa koneksi",
        "Tunggu lampu perangkat stabil, sambungkan kembali PC/laptop, buka sebuah situs.",
        None,
    ),
]

# working minutes
TARGETS = [
    ("critical", 15, 4 * 60),
    ("high", 30, 8 * 60),
    ("normal", 60, 16 * 60),
    ("low", 240, 40 * 60),
]


def load_reference_data(Category, ChecklistStep, SlaTarget) -> None:  # noqa: N803
    """Fill the empty tables; the models are passed in so a migration can use its own."""
    if not Category.objects.exists():
        for code, name, always_open, order in CATEGORIES:
            Category.objects.create(code=code, name=name, always_open=always_open, sort_order=order)
    if not ChecklistStep.objects.exists():
        # the migration that loads them first predates the steps' categories
        by_category = any(f.name == "category" for f in ChecklistStep._meta.get_fields())
        for scope, order, question, guidance, code in STEPS:
            extra = {"category": Category.objects.filter(code=code).first()} if by_category else {}
            ChecklistStep.objects.create(
                scope=scope, order=order, question=question, guidance=guidance, **extra
            )
    if not SlaTarget.objects.exists():
        for priority, response, resolution in TARGETS:
            SlaTarget.objects.create(
                category=None,
                priority=priority,
                response_minutes=response,
                resolution_minutes=resolution,
            )

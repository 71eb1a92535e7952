"""SiLaJar itself: the office, its working hours, letterheads and letter numbers, and the
knobs of the procedures (the monitor, the bandwidth distribution)."""

from django.core.exceptions import ImproperlyConfigured

from silajar.env import env

SILAJAR_ORGANIZATION_NAME = "Dinas Komunikasi dan Informatika Provinsi Kalimantan Barat"
# Working hours (WIB) per ISO weekday (1 = Monday): Mon–Thu 07:30–16:00, Fri 07:30–16:30.
SILAJAR_WORKING_HOURS = {
    1: [("07:30", "16:00")],
    2: [("07:30", "16:00")],
    3: [("07:30", "16:00")],
    4: [("07:30", "16:00")],
    5: [("07:30", "16:30")],
}
SILAJAR_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Letterhead (kop surat) of printed forms and letters. The contact lines below are EXAMPLES in
# the office's style, not its verified numbers: set the real ones in the environment. The coat
# of arms is an image file (a static path or an absolute path); the shipped one is a neutral
# placeholder (README, "Letterhead").
SILAJAR_LETTERHEAD = {
    "government": env("SILAJAR_LETTERHEAD_GOVERNMENT", "PEMERINTAH PROVINSI KALIMANTAN BARAT"),
    "office": env("SILAJAR_LETTERHEAD_OFFICE", "DINAS KOMUNIKASI DAN INFORMATIKA"),
    "address": env("SILAJAR_LETTERHEAD_ADDRESS", "Jalan Ahmad Yani Nomor 1, Pontianak 78124"),
    "phone": env("SILAJAR_LETTERHEAD_PHONE", "(0561) 736541"),
    "email": env("SILAJAR_LETTERHEAD_EMAIL", "diskominfo@kalbarprov.go.id"),
    "website": env("SILAJAR_LETTERHEAD_WEBSITE", "diskominfo.kalbarprov.go.id"),
    "emblem": env("SILAJAR_LETTERHEAD_EMBLEM", "documents/emblem-placeholder.svg"),
}

# Official letter numbers: `{seq}` (the yearly sequence), `{year}`, `{month}`, `{month_roman}`.
SILAJAR_REPLY_LETTER_PATTERN = env("SILAJAR_REPLY_LETTER_PATTERN", "555/{seq}/DISKOMINFO-B/{year}")
# The survey reports (berita acara survei) have their own yearly sequence.
SILAJAR_SURVEY_REPORT_PATTERN = env(
    "SILAJAR_SURVEY_REPORT_PATTERN", "555/{seq}/BA-SURVEI/DISKOMINFO-B/{year}"
)
# The internet handover records (BAST, SOP 4) have their own yearly sequence.
SILAJAR_BAST_PATTERN = env("SILAJAR_BAST_PATTERN", "027/{seq}/BAST-INET/DISKOMINFO-B/{year}")
# Who signs outgoing letters (the name comes from the section head who issues the letter).
SILAJAR_LETTER_SIGNATORY_TITLE = env(
    "SILAJAR_LETTER_SIGNATORY_TITLE", "Kepala Seksi Sistem Program dan Administrator"
)
# On whose behalf: `a.n.` (default: "a.n. Kepala Dinas …" above the signer's position), `u.b.`
# (with SILAJAR_LETTER_VIA, the position in between), `Plt.`/`Plh.` (the acting head signs as
# the head) or empty (the signer in his own position). See silajar/documents/signing.py.
SILAJAR_LETTER_SIGNING = {
    "authority": env("SILAJAR_LETTER_AUTHORITY", "a.n."),
    "principal": env("SILAJAR_LETTER_PRINCIPAL", f"Kepala {SILAJAR_ORGANIZATION_NAME}"),
    "via": env("SILAJAR_LETTER_VIA", ""),
    "position": SILAJAR_LETTER_SIGNATORY_TITLE,
}

# The monitor (`manage.py monitor`, docs/monitoring.md): raw latency samples are kept this many
# days (then only hourly and daily roll-ups); an outage open this many minutes opens a provider
# incident by itself; each monitor beats every HEARTBEAT seconds (a killed one leaves at most
# that much time counted as watched) and looks for added, changed or paused targets every
# RELOAD seconds.
SILAJAR_MONITOR_RAW_DAYS = int(env("SILAJAR_MONITOR_RAW_DAYS", "7"))
SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES = float(env("SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES", "10"))
SILAJAR_MONITOR_HEARTBEAT_SECONDS = float(env("SILAJAR_MONITOR_HEARTBEAT_SECONDS", "15"))
SILAJAR_MONITOR_RELOAD_SECONDS = float(env("SILAJAR_MONITOR_RELOAD_SECONDS", "5"))
if (
    SILAJAR_MONITOR_RAW_DAYS < 1
    or min(
        SILAJAR_MONITOR_INCIDENT_AFTER_MINUTES,
        SILAJAR_MONITOR_HEARTBEAT_SECONDS,
        SILAJAR_MONITOR_RELOAD_SECONDS,
    )
    <= 0
):
    raise ImproperlyConfigured(
        "SILAJAR_MONITOR_RAW_DAYS must be at least 1 day, and the monitor's minutes and "
        "seconds above 0."
    )

# The bandwidth distribution (docs/bandwidth.md): the maximum rates (MIR) of a contract's
# top-level queues may add up to at most this many times its capacity (oversubscription).
SILAJAR_BANDWIDTH_OVERSUBSCRIPTION = float(env("SILAJAR_BANDWIDTH_OVERSUBSCRIPTION", "2.0"))
if not 1.0 <= SILAJAR_BANDWIDTH_OVERSUBSCRIPTION <= 100.0:
    raise ImproperlyConfigured("SILAJAR_BANDWIDTH_OVERSUBSCRIPTION is a ratio from 1 to 100.")

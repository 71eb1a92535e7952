"""The words of demo and generated complaints: what callers say per category, their names and
units, the technicians' diagnoses and the reasons for cancelling (also drawn on by
`generate_data`)."""

import random

# category code → complaints as callers word them
DESCRIPTIONS = {
    "cable": [
        "Kabel LAN PC bagian keuangan putus",
        "PC di meja resepsionis tidak dapat jaringan, lampu port LAN mati",
        "Kabel jaringan ke printer bersama tergigit tikus",
        "Konektor RJ45 longgar, koneksi sering putus",
        "Outlet jaringan di dinding tidak berfungsi",
    ],
    "wifi": [
        "Laptop tidak bisa tersambung ke Wi-Fi sejak pagi",
        "Sinyal Wi-Fi sangat lemah",
        "Laptop tamu tidak bisa login ke Wi-Fi kantor",
        "Lampu access point berkedip oranye",
        "Wi-Fi terhubung tetapi tidak ada akses internet",
    ],
    "hub_switch": [
        "Switch mati, satu lantai tidak ada jaringan",
        "Hub berbunyi dan panas",
        "Semua PC di bidang pelayanan tidak terhubung setelah listrik padam",
        "Port switch banyak yang mati setelah petir semalam",
    ],
    "ip_dhcp": [
        "PC mendapat alamat IP 169.254.x.x, tidak bisa akses jaringan",
        "Muncul pesan konflik alamat IP di komputer staf",
        "Printer jaringan berganti alamat IP sehingga tidak bisa mencetak",
    ],
    "dns": [
        "Aplikasi SIMPEG tidak bisa dibuka, muncul DNS_PROBE_FINISHED",
        "Situs kalbarprov.go.id tidak dapat diakses dari kantor",
        "Email dinas tidak bisa dibuka, nama server tidak ditemukan",
    ],
    "internet": [
        "Internet tidak bisa terhubung sejak pagi",
        "Internet sangat lambat sejak pukul 09.00, video conference terputus",
        "Seluruh gedung tidak ada internet, jaringan lokal normal",
        "Koneksi internet putus-nyambung setiap beberapa menit",
    ],
    "other": [
        "Telepon IP tidak ada nada sambung",
        "Kamera CCTV jaringan tidak tampil di monitor",
        "Mohon pemindahan titik jaringan karena penataan ulang ruangan",
    ],
}
CATEGORY_WEIGHTS = {
    "cable": 22,
    "wifi": 24,
    "hub_switch": 10,
    "ip_dhcp": 10,
    "dns": 6,
    "internet": 20,
    "other": 8,
}
DIAGNOSES = {
    "cable": (
        "Kabel UTP putus di bawah meja",
        "Kabel diganti dan dikrimp ulang",
        "1 m kabel UTP Cat6, 2 konektor RJ45",
    ),
    "wifi": ("Access point hang, kanal bertabrakan", "AP di-restart dan kanal dipindah", ""),
    "hub_switch": ("Adaptor daya switch rusak", "Adaptor switch diganti", "1 adaptor 12V 1A"),
    "ip_dhcp": ("Server DHCP kehabisan alamat", "Lease time diperpendek, alamat dibebaskan", ""),
    "dns": ("Pengaturan DNS PC salah (manual)", "DNS dikembalikan ke otomatis (DHCP)", ""),
    "internet": ("Gangguan pada link provider", "Provider memperbaiki link, koneksi dipantau", ""),
    "other": ("Port PoE tidak aktif", "Port PoE diaktifkan di switch", ""),
}
FIRST_NAMES = [
    "Agus", "Rina", "Budi", "Siti", "Dedi", "Yuliana", "Hendra", "Maria", "Rahmat", "Lestari",
    "Fransiskus", "Nur", "Eko", "Wulan", "Stefanus", "Dian", "Joko", "Ayu", "Yohanes", "Fitri",
    "Bambang", "Desi", "Rizky", "Natalia", "Ahmad", "Kartini", "Hasan", "Veronika",
]  # fmt: skip
LAST_NAMES = [
    "Santoso", "Pratama", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kurniawan", "Simanjuntak",
    "Nugroho", "Anggraini", "Setiawan", "Rahayu", "Tan", "Lim", "Alamsyah", "Situmorang",
]  # fmt: skip
UNITS = [
    "Subbagian Keuangan",
    "Subbagian Umum dan Kepegawaian",
    "Bidang Pelayanan",
    "Sekretariat",
    "Bidang Perencanaan",
    "Bidang Pengaduan",
]
# the room or floor a caller names within the registered place (none: the place is enough)
ROOMS = [
    "",
    "",
    "",
    "Meja loket 2",
    "Ruang kepala bidang",
    "Pojok sisi timur, dekat printer",
    "Meja operator",
    "Ruang arsip di belakang",
]
REASONS_CANCEL = [
    "Laporan ganda, sudah ditangani pada tiket lain",
    "Pelapor membatalkan: koneksi normal kembali sendiri",
    "Bukan gangguan jaringan (aplikasi), diteruskan ke tim aplikasi",
]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def phone_number(rng: random.Random) -> str:
    return f"08{rng.choice('125')}{rng.randrange(10**8, 10**9)}"

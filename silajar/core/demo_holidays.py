"""Indonesian national holidays and collective leave days (SKB 3 Menteri) for the demo
calendar; administrators keep the real list on the calendar page."""

from datetime import date

HOLIDAYS_2026 = [
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi", "national"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW", "national"),
    (date(2026, 2, 16), "Cuti Bersama Tahun Baru Imlek", "collective_leave"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", "national"),
    (date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi", "collective_leave"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948", "national"),
    (date(2026, 3, 20), "Idulfitri 1447 Hijriah", "national"),
    (date(2026, 3, 21), "Idulfitri 1447 Hijriah", "national"),
    (date(2026, 3, 23), "Cuti Bersama Idulfitri", "collective_leave"),
    (date(2026, 3, 24), "Cuti Bersama Idulfitri", "collective_leave"),
    (date(2026, 4, 3), "Wafat Yesus Kristus", "national"),
    (date(2026, 5, 1), "Hari Buruh Internasional", "national"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus", "national"),
    (date(2026, 5, 15), "Cuti Bersama Kenaikan Yesus Kristus", "collective_leave"),
    (date(2026, 5, 27), "Iduladha 1447 Hijriah", "national"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE", "national"),
    (date(2026, 6, 1), "Hari Lahir Pancasila", "national"),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 Hijriah", "national"),
    (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia", "national"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW", "national"),
    (date(2026, 12, 24), "Cuti Bersama Hari Raya Natal", "collective_leave"),
    (date(2026, 12, 25), "Hari Raya Natal", "national"),
]

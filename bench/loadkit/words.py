"""What the virtual people type and search for."""

from __future__ import annotations

PHRASES = [
    "Internet di ruang rapat lantai 2 tidak bisa terhubung",
    "Wi-Fi sering putus sejak pagi, semua laptop di ruangan terdampak",
    "PC di meja pelayanan tidak mendapat alamat IP",
    "Aplikasi SIMPEG tidak bisa dibuka, koneksi sangat lambat",
    "Kabel LAN di ruang arsip tampaknya rusak",
]
NAMES = ["Rina Agustina", "Budi Santoso", "Siti Rahmawati", "Yohanes Tamin", "Ahmad Fauzi"]
SEARCHES = ["wifi", "internet", "lambat", "kabel", "printer", "Dinas"]

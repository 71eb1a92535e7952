# SiLaJar: bandwidth distribution of contract "027/KONTRAK-INET/TELKOM/2026"
# version 6, 6 queues; 1000 Mbps
# Removes only the queues whose comment starts with silajar:contract=ID;
/queue simple
remove [find where comment~"^silajar:contract=ID;.*;level=6\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=5\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=4\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=3\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=2\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=1\$"]
remove [find where comment~"^silajar:contract=ID;.*;level=0\$"]
add name="Setda" parent=none target=10.10.1.0/24,10.10.2.0/24 limit-at=200M/200M max-limit=400M/400M priority=2/2 comment="silajar:contract=ID;version=6;level=0"
add name="Dinas Kesehatan" parent=none target=vlan120 limit-at=100M/100M max-limit=300M/300M priority=4/4 comment="silajar:contract=ID;version=6;level=0"
add name="Server Aplikasi" parent=none target=10.20.0.0/25,10.20.0.128/26 limit-at=150M/150M max-limit=300M/300M priority=1/1 comment="silajar:contract=ID;version=6;level=0"
add name="Wi-Fi Publik" parent=none target=bridge-wifi limit-at=50M/50M max-limit=500M/500M priority=8/8 comment="silajar:contract=ID;version=6;level=0"
add name="Biro Umum" parent="Setda" target=10.10.1.0/24 limit-at=80M/80M max-limit=200M/200M priority=3/3 comment="silajar:contract=ID;version=6;level=1"
add name="Biro Hukum" parent="Setda" target=10.10.2.0/24 limit-at=60M/60M max-limit=150M/150M priority=4/4 comment="silajar:contract=ID;version=6;level=1"

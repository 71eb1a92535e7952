"""Large volumes of realistic complaints, for benchmarks and load tests (`generate_data`).

`context` reads what the tickets are drawn from (agencies, places, categories, staff, service
targets, working days); `history` makes one ticket and the audit events of its history, with the
service-level clocks computed from that history; `batches` numbers, builds and stores a batch
of them in bulk (COPY on PostgreSQL)."""

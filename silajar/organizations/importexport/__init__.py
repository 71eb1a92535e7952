"""Agencies to and from CSV / Excel files.

The file format (Indonesian column headers, one agency per row) is the same for export and
import, so an exported file can be edited and imported back. Import is all-or-nothing: every
row is checked first and nothing is stored when any row is wrong.

`columns` is the format; `export` writes it; an import goes `reading` (the upload's cells, size
and type checked) → `checking` (every row, as the model would take it, and a plan) →
`importing` (the plan stored in one transaction, through the services).
"""

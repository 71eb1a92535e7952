"""Network complaints (SOP Penanganan Keluhan Jaringan): the reference lists (`reference`),
the ticket (`ticket`) and what is added to it (`records`)."""

from silajar.tickets.models.records import Attachment, Comment, Deflection
from silajar.tickets.models.reference import Category, ChecklistStep, SlaTarget
from silajar.tickets.models.ticket import SortIndex, Ticket

__all__ = [
    "Attachment",
    "Category",
    "ChecklistStep",
    "Comment",
    "Deflection",
    "SlaTarget",
    "SortIndex",
    "Ticket",
]

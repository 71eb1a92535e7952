"""The contracts' services: the terms of a contract (`terms`: registering, editing, the scan),
the yearly bandwidth need (`needs`) and the contract's procurement with the worker's part
(`procurement`), SOP 4."""

from silajar.contracts.services.terms import (
    CONTRACT_EDIT_FIELDS,
    CONTRACT_FIELDS,
    CONTRACTS,
    check_contract,
    clean_bands,
    contract_change,
    contract_document_attach,
    contract_register,
    percent,
)

__all__ = [
    "CONTRACTS",
    "CONTRACT_EDIT_FIELDS",
    "CONTRACT_FIELDS",
    "check_contract",
    "clean_bands",
    "contract_change",
    "contract_document_attach",
    "contract_register",
    "percent",
]

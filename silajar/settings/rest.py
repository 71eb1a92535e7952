"""The API: Django REST framework and its OpenAPI schema (drf-spectacular)."""

REST_FRAMEWORK = {
    # token first: a request without credentials answers 401 with `WWW-Authenticate: Token`;
    # both refuse (403) an account whose role requires two-factor sign-in until it is on
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "silajar.accounts.authentication.TokenAuthentication",
        "silajar.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "silajar.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "silajar.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "silajar.core.api.exception_handler",
    # the token endpoint: per client address and per account named (accounts/api.py)
    "DEFAULT_THROTTLE_RATES": {"token": "30/minute", "token_account": "10/minute"},
    # a throttle per address keys on core.middleware.request_client_address (accounts/api.py);
    # DRF's own reading of X-Forwarded-For (get_ident) is kept to REMOTE_ADDR
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SiLaJar API",
    "DESCRIPTION": "API Sistem Informasi Layanan Jaringan — Diskominfo Provinsi Kalimantan Barat.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # choice sets whose field names other apps use too (`state`, `kind`, `exclusion(s)`)
    "ENUM_NAME_OVERRIDES": {
        "ContractStateEnum": "silajar.contracts.choices.ContractState",
        "ConsumerKindEnum": "silajar.bandwidth.choices.ConsumerKind",
        "RestitutionMethodEnum": "silajar.contracts.choices.RestitutionMethod",
        "ContractCreateStateEnum": ["draft", "active", "expired", "terminated"],
        "ProcurementMethodEnum": "silajar.contracts.choices.ProcurementMethod",
        "NeedStateEnum": "silajar.contracts.choices.NeedState",
        "LinkKindEnum": "silajar.providers.choices.LinkKind",
        "LinkStatusEnum": "silajar.providers.choices.LinkStatus",
        "ExclusionEnum": "silajar.providers.choices.Exclusion",
        "OutageSourceEnum": "silajar.providers.choices.OutageSource",
        "IncidentSourceEnum": "silajar.providers.choices.IncidentSource",
        "IncidentStateEnum": "silajar.providers.choices.IncidentState",
        "FaultDomainEnum": "silajar.tickets.choices.FaultDomain",
        "TargetKindEnum": "silajar.monitoring.choices.TargetKind",
        "TargetRoleEnum": "silajar.monitoring.choices.TargetRole",
        "TargetStateEnum": "silajar.monitoring.choices.TargetState",
        "SampleKindEnum": ["raw", "hour", "day"],
        "DeviceKindEnum": "silajar.inventory.choices.DeviceKind",
        "DeviceStatusEnum": "silajar.inventory.choices.DeviceStatus",
        "PortKindEnum": "silajar.inventory.choices.PortKind",
        "PortStateEnum": "silajar.inventory.choices.PortState",
    },
}

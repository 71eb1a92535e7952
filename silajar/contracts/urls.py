from django.urls import path

from silajar.contracts import need_views, sla_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list_view, name="list"),
    path("export.<str:fmt>", views.contract_export_view, name="export"),
    path("new/", views.contract_create_view, name="create"),
    path("calendar/", views.contract_calendar_view, name="calendar"),
    path("<int:pk>/", views.contract_detail_view, name="detail"),
    path("<int:pk>/action/<str:name>/", views.contract_action_view, name="action"),
    path("<int:pk>/edit/", views.contract_edit_view, name="edit"),
    path("<int:pk>/document/", views.contract_document_view, name="document"),
    path("<int:pk>/decision-letter/", views.contract_decision_letter_view, name="decision_letter"),
    path("<int:pk>/designation.pdf", views.contract_designation_view, name="designation_pdf"),
    path("<int:pk>/bast.pdf", views.contract_bast_view, name="bast_pdf"),
    path("<int:pk>/sla/", sla_views.contract_sla_view, name="sla"),
    path("<int:pk>/sla/pdf/", sla_views.contract_sla_file_view, {"fmt": "pdf"}, name="sla_pdf"),
    path("<int:pk>/sla/xlsx/", sla_views.contract_sla_file_view, {"fmt": "xlsx"}, name="sla_xlsx"),
    path("needs/", need_views.need_list_view, name="need_list"),
    path("needs/new/", need_views.need_create_view, name="need_create"),
    path("needs/<int:pk>/", need_views.need_detail_view, name="need_detail"),
    path("needs/<int:pk>/edit/", need_views.need_edit_view, name="need_edit"),
    path("needs/<int:pk>/action/<str:name>/", need_views.need_action_view, name="need_action"),
]

from django.urls import path

from silajar.contracts import sla_views, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list_view, name="list"),
    path("export.<str:fmt>", views.contract_export_view, name="export"),
    path("new/", views.contract_create_view, name="create"),
    path("<int:pk>/", views.contract_detail_view, name="detail"),
    path("<int:pk>/edit/", views.contract_edit_view, name="edit"),
    path("<int:pk>/document/", views.contract_document_view, name="document"),
    path("<int:pk>/sla/", sla_views.contract_sla_view, name="sla"),
    path("<int:pk>/sla/pdf/", sla_views.contract_sla_file_view, {"fmt": "pdf"}, name="sla_pdf"),
    path("<int:pk>/sla/xlsx/", sla_views.contract_sla_file_view, {"fmt": "xlsx"}, name="sla_xlsx"),
]

from django.urls import path

from silajar.installations import views

app_name = "installations"

urlpatterns = [
    path("", views.request_list_view, name="list"),
    path("export/<str:fmt>/", views.request_export_view, name="export"),
    path("new/", views.request_create_view, name="create"),
    path("new/letter.docx", views.letter_docx_view, name="letter_docx"),
    path("new/letter.pdf", views.letter_pdf_view, name="letter_pdf"),
    path("settings/steps/", views.step_targets_view, name="step_targets"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/action/<str:name>/", views.InstallationActionView.as_view(), name="action"),
    path("<int:pk>/letter/", views.letter_file_view, name="letter_file"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo_view, name="photo"),
    path("<int:pk>/signature/", views.signature_view, name="signature"),
    path("<int:pk>/signed-form/", views.signed_form_view, name="signed_form"),
    path("<int:pk>/reply-letter.pdf", views.reply_letter_pdf_view, name="reply_letter_pdf"),
    path(
        "<int:pk>/installation-form.pdf",
        views.installation_form_pdf_view,
        name="installation_form_pdf",
    ),
    path("<int:pk>/survey-report.pdf", views.survey_report_pdf_view, name="survey_report_pdf"),
]

from django.urls import path

from silajar.installations.views import files, filing, pages

app_name = "installations"

urlpatterns = [
    path("", pages.request_list_view, name="list"),
    path("export/<str:fmt>/", pages.request_export_view, name="export"),
    path("new/", filing.request_create_view, name="create"),
    path("new/letter.docx", filing.letter_docx_view, name="letter_docx"),
    path("new/letter.pdf", filing.letter_pdf_view, name="letter_pdf"),
    path("settings/steps/", pages.step_targets_view, name="step_targets"),
    path("<int:pk>/", pages.request_detail, name="detail"),
    path("<int:pk>/action/<str:name>/", pages.installation_action_view, name="action"),
    path("<int:pk>/ports/", pages.reserve_ports_view, name="reserve_ports"),
    path("<int:pk>/letter/", files.letter_file_view, name="letter_file"),
    path("<int:pk>/photos/<int:photo_pk>/", files.photo_view, name="photo"),
    path("<int:pk>/signature/", files.signature_view, name="signature"),
    path("<int:pk>/signed-form/", files.signed_form_view, name="signed_form"),
    path("<int:pk>/reply-letter.pdf", files.reply_letter_pdf_view, name="reply_letter_pdf"),
    path(
        "<int:pk>/installation-form.pdf",
        files.installation_form_pdf_view,
        name="installation_form_pdf",
    ),
    path("<int:pk>/survey-report.pdf", files.survey_report_pdf_view, name="survey_report_pdf"),
]

"""Routes of the complaint desk: the staff desk, the agency portal, the technician's phone
view and the desk settings (their views are in `tickets/views/`)."""

from django.urls import path

from silajar.tickets.views import desk, evidence, field, portal, settings

app_name = "tickets"

urlpatterns = [
    # the staff desk
    path("", desk.ticket_list_view, name="list"),
    path("export/<str:fmt>/", desk.ticket_export_view, name="export"),
    path("new/", desk.intake_view, name="intake"),
    path("new/callers/", desk.caller_search_view, name="caller_search"),
    path("new/locations/", desk.locations_view, name="locations"),
    path("new/checklist/", desk.checklist_fragment_view, name="intake_checklist"),
    path("new/evidence/", evidence.intake_evidence_view, name="intake_evidence"),
    path("<int:pk>/", desk.ticket_detail_view, name="detail"),
    path("<int:pk>/edit/", desk.ticket_edit_view, name="edit"),
    path("<int:pk>/fault-domain/", evidence.fault_domain_view, name="fault_domain"),
    path("<int:pk>/action/<str:name>/", desk.ticket_action_view, name="action"),
    path("<int:pk>/comments/", desk.comment_add_view, name="comment_add"),
    path("<int:pk>/attachments/", desk.attachment_upload_view, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        desk.attachment_download_view,
        name="attachment",
    ),
    path("<int:pk>/form.pdf", desk.ticket_form_pdf_view, name="form_pdf"),
    # the agency portal
    path("self-help/", portal.portal_report_view, name="portal_report"),
    path("self-help/solved/", portal.portal_self_help_solved_view, name="portal_self_help_solved"),
    path("portal/", portal.portal_list_view, name="portal_list"),
    path("portal/<int:pk>/", portal.portal_detail_view, name="portal_detail"),
    path(
        "portal/<int:pk>/comment/",
        portal.portal_post_view,
        {"name": "comment"},
        name="portal_comment",
    ),
    path(
        "portal/<int:pk>/reopen/", portal.portal_post_view, {"name": "reopen"}, name="portal_reopen"
    ),
    path("portal/<int:pk>/rate/", portal.portal_post_view, {"name": "rate"}, name="portal_rate"),
    path(
        "portal/<int:pk>/sign/", portal.portal_action_view, {"name": "sign_off"}, name="portal_sign"
    ),
    path("portal/<int:pk>/form.pdf", portal.portal_form_pdf_view, name="portal_form_pdf"),
    path(
        "portal/<int:pk>/files/<int:attachment_pk>/",
        portal.portal_attachment_view,
        name="portal_attachment",
    ),
    # the technician's phone
    path("field/", field.field_queue_view, name="field_queue"),
    path("field/<int:pk>/", field.field_detail_view, name="field_detail"),
    path("field/<int:pk>/start/", field.field_action_view, {"name": "start"}, name="field_start"),
    path(
        "field/<int:pk>/resolve/",
        field.field_action_view,
        {"name": "resolve"},
        name="field_resolve",
    ),
    path("field/<int:pk>/sign/", field.field_action_view, {"name": "sign_off"}, name="field_sign"),
    path(
        "field/<int:pk>/needs-provider/",
        field.field_action_view,
        {"name": "propose_escalation"},
        name="field_propose_escalation",
    ),
    path(
        "field/<int:pk>/hand-back/",
        field.field_action_view,
        {"name": "hand_back"},
        name="field_hand_back",
    ),
    path("field/<int:pk>/form.pdf", field.field_form_pdf_view, name="field_form_pdf"),
    # the desk settings
    path("settings/", settings.settings_home_view, name="settings_home"),
    *settings.DESK.urls("settings/"),
]

"""The toy procedure's routes (the project's, plus the generic record page, its actions and its
API), for tests marked `pytest.mark.urls("silajar.core.tests.workflowapp.urls")`."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from silajar import urls as project_urls
from silajar.core.tests.workflowapp.models import Errand
from silajar.core.tests.workflowapp.workflows import ERRAND_FLOW
from silajar.core.workflow_api import AvailableActionsField, RecordViewSet
from silajar.core.workflow_views import workflow_page_views

errand_page, errand_action = workflow_page_views(
    flow=ERRAND_FLOW,
    model=Errand,
    action_url_name="errands:action",
    detail_url_name="errands:detail",
    template_name="core/record.html",
)


class ErrandSerializer(serializers.ModelSerializer):
    available_actions = AvailableActionsField(ERRAND_FLOW)

    class Meta:
        model = Errand
        fields = ["id", "state", "version", "title", "available_actions"]


class ErrandViewSet(RecordViewSet):
    """Only the actions of its table: it declares no `operations` (no list, read, add or edit)."""

    serializer_class = ErrandSerializer
    workflow = ERRAND_FLOW


router = SimpleRouter()
router.register("api/errands", ErrandViewSet, basename="errand")
pages = [
    path("<int:pk>/", errand_page, name="detail"),
    path("<int:pk>/action/<str:name>/", errand_action, name="action"),
]
urlpatterns = [
    *project_urls.urlpatterns,
    path("errands/", include((pages, "errands"))),
    path("", include(router.urls)),
]
handler400 = project_urls.handler400
handler404 = project_urls.handler404
handler500 = project_urls.handler500

"""The layout's context: the navigation and its badges, worked out only when a template draws
them (an HTMX fragment without the layout costs nothing)."""

from django.utils.functional import SimpleLazyObject

from silajar.core.navigation import badge_counts, navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "badges": {}}
    return {
        "navigation": SimpleLazyObject(lambda: navigation_for(user, request.path)),
        "badges": SimpleLazyObject(lambda: badge_counts(user)),
    }

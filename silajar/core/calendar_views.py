"""The working calendar page: working hours, and the holidays an administrator maintains."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from silajar.core.api import query_id
from silajar.core.models import Holiday
from silajar.core.services import holiday_add, holiday_remove
from silajar.core.validators import FIRST_FILTER_DATE, LAST_FILTER_DATE


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name", "kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def holiday_list_view(request):
    if not (request.user.is_internal_staff or request.user.is_administrator):
        raise PermissionDenied
    year = query_id(request.GET.get("year"))
    if year is None or not FIRST_FILTER_DATE.year <= year <= LAST_FILTER_DATE.year:
        year = timezone.localdate().year
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_administrator:
            raise PermissionDenied
        if form.is_valid():
            holiday_add(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The holiday has been added."))
            return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    weekdays = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    hours = [
        (weekdays[day - 1], settings.SILAJAR_WORKING_HOURS.get(day, [])) for day in range(1, 8)
    ]
    return render(
        request,
        "core/holidays.html",
        {
            "holidays": Holiday.objects.filter(date__year=year),
            "year": year,
            "form": form,
            "hours": hours,
        },
    )


@require_POST
def holiday_delete_view(request, pk: int):
    if not request.user.is_administrator:
        raise PermissionDenied
    holiday = get_object_or_404(Holiday, pk=pk)
    year = holiday.date.year
    holiday_remove(actor=request.user, holiday=holiday)
    messages.success(request, _("The holiday has been removed."))
    return redirect(f"{reverse('calendar:holidays')}?year={year}")

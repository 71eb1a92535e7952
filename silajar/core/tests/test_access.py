"""Object-level access: deny by default, superusers see all, policies decide the rest."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from silajar.accounts.roles import Role
from silajar.core import access
from silajar.core.access import Policy, can, get_visible_or_404, register, visible
from silajar.core.tests.workflowapp.models import Job


@pytest.fixture
def jobs(db):
    return [Job.objects.create(title=f"job {i}") for i in range(3)]


@pytest.fixture
def own_jobs_policy(monkeypatch):
    """Register, for this test only, a policy: users see their own jobs and change open ones."""
    monkeypatch.setattr(access, "_policies", dict(access._policies))
    calls = []

    @register(Job)
    class OwnJobs(Policy):
        def scope(self, user, queryset, action):
            calls.append(action)
            mine = queryset.filter(owner=user)
            return mine.filter(state="open") if action == "change" else mine

    return calls


@pytest.mark.django_db
def test_without_a_policy_a_staff_user_sees_nothing(jobs, make_user):
    for user in (make_user(Role.NETWORK_ADMIN), make_user(Role.HELPDESK, is_staff=True)):
        assert list(visible(user, Job)) == []
        assert list(visible(user, Job, action="change")) == []
        assert not can(user, "view", jobs[0])
        with pytest.raises(Http404):
            get_visible_or_404(user, Job, pk=jobs[0].pk)


@pytest.mark.django_db
def test_a_superuser_sees_everything(jobs, admin_user):
    assert set(visible(admin_user, Job)) == set(jobs)
    assert set(visible(admin_user, Job, action="delete")) == set(jobs)
    assert can(admin_user, "change", jobs[1])
    assert get_visible_or_404(admin_user, Job, pk=jobs[2].pk) == jobs[2]
    with pytest.raises(Http404):
        get_visible_or_404(admin_user, Job, pk=jobs[2].pk + 1000)


@pytest.mark.django_db
def test_anonymous_inactive_or_missing_users_see_nothing(jobs, make_user):
    inactive_superuser = make_user(is_superuser=True, is_active=False)
    for user in (AnonymousUser(), inactive_superuser, None):
        assert list(visible(user, Job)) == []
        assert not can(user, "view", jobs[0])


@pytest.mark.django_db
def test_a_given_queryset_is_narrowed_not_replaced(jobs, admin_user, make_user):
    some = Job.objects.filter(pk__in=[jobs[0].pk, jobs[1].pk])
    assert set(visible(admin_user, Job, queryset=some)) == {jobs[0], jobs[1]}
    assert list(visible(make_user(Role.HELPDESK), Job, queryset=some)) == []


@pytest.mark.django_db
def test_a_registered_policy_decides(jobs, make_user, own_jobs_policy):
    owner, stranger = make_user(Role.TECHNICIAN), make_user(Role.TECHNICIAN)
    Job.objects.filter(pk__in=[jobs[0].pk, jobs[1].pk]).update(owner=owner)
    Job.objects.filter(pk=jobs[1].pk).update(state="done")

    assert set(visible(owner, Job)) == {jobs[0], jobs[1]}
    assert set(visible(owner, Job, action="change")) == {jobs[0]}
    assert can(owner, "view", jobs[1])
    assert not can(owner, "change", jobs[1])
    assert not can(owner, "view", jobs[2])
    assert list(visible(stranger, Job)) == []
    assert get_visible_or_404(owner, Job, pk=jobs[0].pk) == jobs[0]
    with pytest.raises(Http404):
        get_visible_or_404(stranger, Job, pk=jobs[0].pk)
    assert "change" in own_jobs_policy and "view" in own_jobs_policy
    # anonymous users never reach the policy
    calls = len(own_jobs_policy)
    assert list(visible(AnonymousUser(), Job)) == []
    assert len(own_jobs_policy) == calls

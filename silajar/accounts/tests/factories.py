"""Factories of people: a user with roles, signed in with `TEST_PASSWORD`; their API tokens."""

import factory
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from silajar.accounts import services
from silajar.accounts.models import User

TEST_PASSWORD = "Uji-Kata-Sandi-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        self.save()
        self.__dict__.pop("role_codes", None)


def issue_token(user: User, label: str = "") -> str:
    """A new API token of `user`, as the token endpoint issues it: its key."""
    return services.api_token_issue(user=user, label=label)


def token_client(user: User) -> APIClient:
    """An API client sending a new token of `user`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user)}")
    return client

"""Factories of people: a user with roles, signed in with `TEST_PASSWORD`."""

import factory
from django.contrib.auth.models import Group

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

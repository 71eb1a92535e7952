"""Factories shared by every app's tests."""

import factory
from django.contrib.auth.models import Group

from silajar.accounts.models import User
from silajar.organizations.models import Location, Organization

TEST_PASSWORD = "Uji-Kata-Sandi-2026"  # noqa: S105


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Dinas Uji Coba {n} Provinsi Kalimantan Barat")
    short_name = factory.Sequence(lambda n: f"DUC{n}")
    kind = "dinas"
    address = "Jl. Ahmad Yani, Pontianak"
    head_name = "Drs. Kepala Uji"
    head_title = "Kepala Dinas"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    building = "Gedung Utama"
    floor = factory.Sequence(lambda n: str(n % 5 + 1))
    room = factory.Sequence(lambda n: f"Ruang {n}")


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

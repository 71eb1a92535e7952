"""Factories of agencies and their places."""

import factory

from silajar.organizations.models import Location, Organization


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

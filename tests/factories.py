"""Factories shared by every app's tests (units, clusters, accounts)."""

import factory
from django.contrib.auth.models import Group

from units.models import Cluster, ClusterMembership, Role, Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm số {n}")
    kind = Unit.Kind.DEPARTMENT

    class Params:
        commune = factory.Trait(kind=Unit.Kind.COMMUNE)
        district = factory.Trait(kind=Unit.Kind.DISTRICT)


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    code = factory.Sequence(lambda n: f"cum-{n}")
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    kind = Cluster.Kind.CLUSTER

    class Params:
        block = factory.Trait(kind=Cluster.Kind.BLOCK, name=factory.Sequence(lambda n: f"Khối {n}"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterMembership

    year = 2022
    cluster = factory.SubFactory(ClusterFactory)
    unit = factory.SubFactory(UnitFactory)
    role = ClusterMembership.Role.MEMBER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("mat-khau-thu-nghiem")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                # get_or_create: browser tests flush the database, seeded
                # role groups included.
                self.groups.add(Group.objects.get_or_create(name=role)[0])


def make_user(*roles: str, unit: Unit | None = None, **kwargs) -> User:
    """A user with ``roles`` (values of ``units.models.Role``) in ``unit``."""
    if unit is not None:
        kwargs["unit"] = unit
    return UserFactory(roles=list(roles), **kwargs)


__all__ = [
    "ClusterFactory",
    "MembershipFactory",
    "Role",
    "UnitFactory",
    "UserFactory",
    "make_user",
]

import factory
from django.contrib.auth import get_user_model

from organizations import services
from organizations.models import Organization, OrganizationKind, RoleGrant

# The kinds come from the seed migration; by level of the tree, for factories.
KIND_BY_DEPTH = {
    1: "dang-bo-tinh",
    2: "dang-bo-huyen",
    3: "dang-bo-co-so",
    4: "chi-bo-truc-thuoc",
}


def kind(code):
    return OrganizationKind.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Organizations through the public service, so path and depth are always right.

    Without `kind`, the kind follows the depth: city, district, grassroots committee, cell.
    """

    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.Sequence(lambda n: f"Tổ chức đảng số {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, kind=None, **kwargs):
        if kind is None:
            depth = 1 if parent is None else parent.depth + 1
            kind = OrganizationKind.objects.get(code=KIND_BY_DEPTH[depth])
        return services.create_organization(parent=parent, kind=kind, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; with `scope` and `role`, granted that role over the scope's subtree."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn An"
    password = factory.django.Password("correct horse battery staple")

    @classmethod
    def _create(cls, model_class, *args, scope=None, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if scope is not None:
            RoleGrant.objects.create(user=user, role=role, organization=scope)
        return user

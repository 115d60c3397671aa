from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="nl",
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        help_text=_("The language of e-mails sent to this person."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Member(models.Model):
    """A row of the party's member register, imported from its administration (CSV)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Membership ended")

    membership_number = models.CharField(_("membership number"), max_length=32, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    name_prefix = models.CharField(
        _("name prefix"), max_length=30, blank=True, help_text=_("Tussenvoegsel, e.g. 'van der'.")
    )
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    branch = models.CharField(_("branch (afdeling)"), max_length=100, blank=True)
    place = models.CharField(_("place of residence"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Normalised copies, kept by the import, that the conflict-of-interest checks join on.
    address_key = models.CharField(max_length=30, blank=True, db_index=True, editable=False)
    phone_key = models.CharField(max_length=9, blank=True, db_index=True, editable=False)
    joined_on = models.DateField(_("member since"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    dues_paid_until = models.DateField(_("dues paid until"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["last_name", "first_name", "membership_number"]
        indexes = [models.Index(Lower("email"), name="members_member_email_ci_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.membership_number})"

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.first_name, self.name_prefix, self.last_name) if part
        )

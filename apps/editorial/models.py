from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    BLOG = "blog", "Blog"
    NEWSLETTER = "newsletter", "Newsletter"
    SOCIAL = "social", "Social"
    VIDEO = "video", "Video"
    PODCAST = "podcast", "Podcast"


class Status(models.TextChoices):
    IDEA = "idea", "Idea"
    DRAFTING = "drafting", "Drafting"
    REVIEW = "review", "Review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


class Piece(models.Model):
    title = models.CharField(max_length=200)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.BLOG)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IDEA)
    due = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pieces",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "title"]
        indexes = [models.Index(fields=["due"], name="piece_due_idx")]
        verbose_name = "content piece"

    def __str__(self) -> str:
        return self.title

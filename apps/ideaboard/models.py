from django.db import models


class Column(models.TextChoices):
    INBOX = "inbox", "Inbox"
    EXPLORING = "exploring", "Exploring"
    BUILDING = "building", "Building"
    DONE = "done", "Done"


class Idea(models.Model):
    title = models.CharField(max_length=200)
    pitch = models.TextField(blank=True, default="")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 (weak) to 10 (strong); empty until scored."
    )
    column = models.CharField(max_length=16, choices=Column.choices, default=Column.INBOX)
    archived = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "-created"]
        indexes = [models.Index(fields=["archived", "column"], name="idea_board_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=10),
                name="idea_score_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return self.title

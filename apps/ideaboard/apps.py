from steward.hosting.manifest import HostedAppConfig


class IdeaboardConfig(HostedAppConfig):
    name = "apps.ideaboard"
    label = "ideaboard"
    title = "Idea Board"
    description = "Collect, score and move ideas from inbox to done on a kanban board."
    icon = "💡"

    def record_counts(self) -> dict[str, int]:
        """What the board shows, and the archived ideas it hides, counted apart."""
        from apps.ideaboard.models import Idea

        archived = Idea.objects.filter(archived=True).count()
        counts = {"Ideas on the board": Idea.objects.filter(archived=False).count()}
        if archived:
            counts["Archived"] = archived
        return counts

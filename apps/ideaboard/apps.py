from steward.hosting.manifest import HostedAppConfig


class IdeaboardConfig(HostedAppConfig):
    name = "apps.ideaboard"
    label = "ideaboard"
    title = "Idea Board"
    description = "Collect, score and move ideas from inbox to done on a kanban board."
    icon = "💡"

from steward.hosting.manifest import HostedAppConfig


class EditorialConfig(HostedAppConfig):
    name = "apps.editorial"
    label = "editorial"
    title = "Editorial Calendar"
    description = "Plan, assign and schedule content pieces across channels on a calendar."
    icon = "🗓"

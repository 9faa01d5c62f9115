from steward.hosting.manifest import HostedAppConfig


class CrmConfig(HostedAppConfig):
    name = "apps.crm"
    label = "crm"
    title = "CRM Lite"
    description = "Companies, contacts and a deal pipeline from lead to won or lost."
    icon = "🤝"

"""makemessages that also extracts `N_("...")`, the gettext_noop alias the code uses for
messages translated later (accounts.lifecycle.ACTOR_DESCRIPTIONS), and `_t`, the gettext alias
of modules where `_` is gettext_lazy (campaigns.models)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_", "--keyword=_t"]

"""Serializer fields that only accept objects the requesting user may see."""

from rest_framework import serializers


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary-key field whose choices come from a `*_visible_to(user)` selector, so an id
    the user may not see is refused exactly like one that does not exist."""

    def __init__(self, *, visible_to, model, **kwargs):
        self.visible_to = visible_to
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:  # schema generation has no user
            return self.model.objects.none()
        return self.visible_to(request.user)

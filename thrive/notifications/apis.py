"""A person's own notifications over the API: the in-app list (newest first, unread first when
asked) and marking them read. Every person sees only their own, in whichever council they came
from; the same selectors and service as the pages at ``/notifications/``."""

from __future__ import annotations

from typing import Any

from django.urls import path
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from thrive.api.http import ApiRequest
from thrive.core.outbox import MESSAGE_KINDS
from thrive.notifications.models import Notification
from thrive.notifications.selectors import notifications_for, unread_count
from thrive.notifications.services import notifications_mark_read


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    organisation = serializers.CharField(source="organisation.code", allow_null=True, default=None)
    kind_label = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "organisation",
            "kind",
            "kind_label",
            "subject",
            "body",
            "created_at",
            "read",
            "read_at",
            "delivery",
        ]

    def get_kind_label(self, obj: Notification) -> str:
        return MESSAGE_KINDS.get(obj.kind, obj.kind)

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class Notifications(generics.ListAPIView[Notification]):
    """The caller's own notifications, newest first (``?unread=1``: only those not yet read).
    The answer's ``unread`` is how many are unread in all."""

    serializer_class = NotificationSerializer

    def get_queryset(self) -> Any:
        found = notifications_for(self.request.user)
        if self.request.query_params.get("unread") in ("1", "true", "yes"):
            found = found.filter(read_at__isnull=True)
        return found

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = unread_count(request.user)
        return response


class MarkReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        allow_null=True,
        max_length=500,
        help_text="The notifications to mark as read; leave out to mark all of them.",
    )


class MarkReadAnswer(serializers.Serializer[Any]):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class MarkRead(generics.GenericAPIView[Any]):
    """Mark the caller's notifications ``ids`` as read (all unread ones without ``ids``).
    Another person's notification is never touched: an id that is not the caller's counts for
    nothing."""

    serializer_class = MarkReadSerializer

    def post(self, request: ApiRequest) -> Response:
        given = MarkReadSerializer(data=request.data)
        if not given.is_valid():
            raise ValidationError(given.errors)
        ids = given.validated_data.get("ids")
        marked = notifications_mark_read(user=request.user, ids=list(ids) if ids else None)
        return Response(
            MarkReadAnswer({"marked": marked, "unread": unread_count(request.user)}).data
        )


urlpatterns = [
    path("notifications/", Notifications.as_view(), name="notifications"),
    path("notifications/read/", MarkRead.as_view(), name="notifications_read"),
]

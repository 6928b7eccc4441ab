"""The admin's webhooks: the endpoints (editors manage them) and the delivery log (read-only, with its actions)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import webhooks, workflow
from .admin_site import SelectionOfIdsMixin
from .models import EVENTS, Webhook, WebhookDelivery
from .models.webhooks import new_secret


class EditorsOnly:
    """Webhooks say where Folio sends its news and with what secret: editors (and superusers) only."""

    def has_module_permission(self, request):
        return workflow.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_add_permission(self, request):
        return workflow.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return workflow.is_editor(request.user)


class WebhookForm(forms.ModelForm):
    # Editors often type "example.org"; read it as https, as Django 6 will.
    url = forms.URLField(
        label="URL", max_length=1000, assume_scheme="https", help_text=Webhook._meta.get_field("url").help_text
    )
    events = forms.MultipleChoiceField(
        choices=list(EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Webhook._meta.get_field("events").help_text,
    )

    class Meta:
        model = Webhook
        fields = ("url", "description", "events", "active")


def _outcome(status, error) -> str:
    if status is None and not error:
        return "—"
    return f"{status or 'no answer'}: {Truncator(error).chars(80)}" if error else str(status)


@admin.register(Webhook)
class WebhookAdmin(SelectionOfIdsMixin, EditorsOnly, admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "description", "active", "event_list", "last_delivery_at", "last_outcome")
    list_filter = ("active",)
    search_fields = ("url", "description")
    readonly_fields = ("secret", "created_at", "last_status", "last_error", "last_delivery_at", "log_link")
    fieldsets = (
        (None, {"fields": ("url", "description", "events", "active")}),
        ("Signing", {"fields": ("secret",), "description": "See docs/webhooks.md for how a receiver checks it."}),
        ("Last delivery", {"fields": ("last_delivery_at", "last_status", "last_error", "log_link", "created_at")}),
    )
    actions = ("send_test_event", "rotate_secret")

    @admin.display(description="Events")
    def event_list(self, webhook):
        return ", ".join(event.removeprefix("article.") for event in webhook.events) or "test events only"

    @admin.display(description="Last answer")
    def last_outcome(self, webhook):
        return _outcome(webhook.last_status, webhook.last_error)

    @admin.display(description="Deliveries")
    def log_link(self, webhook):
        if not webhook.pk:
            return "—"
        url = reverse("admin:articles_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}"
        return format_html('<a href="{}">Its delivery log</a>', url)

    @admin.action(description="Send a test event to the selected webhooks")
    def send_test_event(self, request, queryset):
        for delivery in webhooks.send_test_event(list(queryset)):
            if delivery.state == WebhookDelivery.State.DELIVERED:
                self.message_user(request, f"{delivery.webhook.url} answered {delivery.status_code}.", messages.SUCCESS)
            elif not delivery.attempts:  # another sender took it first
                self.message_user(request, f"{delivery.webhook.url}: being sent; see the delivery log.", messages.INFO)
            else:
                self.message_user(
                    request,
                    f"{delivery.webhook.url}: {delivery.error} Folio tries again later (see the delivery log).",
                    messages.ERROR,
                )

    @admin.action(description="Rotate the secret of the selected webhooks")
    def rotate_secret(self, request, queryset):
        for webhook in queryset:
            webhook.secret = new_secret()
            webhook.save(update_fields=["secret"])
        self.message_user(
            request,
            f"New secrets for {queryset.count()} webhook(s): give each receiver its new one (shown on its page); "
            "requests are signed with it from now on.",
            messages.WARNING,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SelectionOfIdsMixin, EditorsOnly, admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "article_slug",
        "webhook",
        "state",
        "attempts",
        "status_code",
        "short_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("state", "event", "webhook")
    list_select_related = ("webhook",)
    search_fields = ("article_slug", "delivery_id")
    date_hierarchy = "created_at"
    actions = ("send_again",)
    fields = (
        "delivery_id",
        "webhook",
        "event",
        "article_id",
        "article_slug",
        "state",
        "attempts",
        "status_code",
        "error",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the log is pruned by the sender (WEBHOOK_LOG_DAYS)

    @admin.display(description="Error")
    def short_error(self, delivery):
        return Truncator(delivery.error).chars(80)

    @admin.action(description="Send the selected deliveries again (as new deliveries)", permissions=["view"])
    def send_again(self, request, queryset):
        count = webhooks.send_again(queryset)
        self.message_user(request, f"{count} new delivery(ies) will be sent within seconds.", messages.SUCCESS)
